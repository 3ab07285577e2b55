package chat.mz.ui.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevicesViewModelTest {
    private static final String DESKTOP = "desk-1";
    private static final String PHONE = "phone-2";
    private static final String LAPTOP = "laptop-3";

    private final FakeDeviceAccount account = new FakeDeviceAccount(DESKTOP);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final DevicesViewModel devices = new DevicesViewModel(account, Runnable::run, Runnable::run, clock);

    @BeforeEach
    void twoDevicesBesidesThisOne() {
        account.records.add(DeviceRecord.listed(PHONE, "Ada's phone", "android", "3F2A 9C1B 0000 1111",
                Instant.parse("2026-03-04T10:00:00Z"), true));
        account.records.add(DeviceRecord.listed(DESKTOP, "Ada's desktop", "linux", "AAAA BBBB CCCC DDDD",
                Instant.parse("2026-01-02T09:00:00Z"), true));
        account.records.add(DeviceRecord.listed(LAPTOP, "Old laptop", "windows", "1234 5678 9ABC DEF0",
                Instant.parse("2026-05-06T11:00:00Z"), false));
    }

    @Test
    void listsEveryDeviceWithThisOneFirstAndMarked() {
        devices.refresh();

        assertEquals(List.of(DESKTOP, PHONE, LAPTOP), devices.rows().stream().map(DeviceRow::deviceId).toList());
        DeviceRow desktop = devices.rows().get(0);
        assertTrue(desktop.thisDevice());
        assertEquals("Ada's desktop", desktop.name());
        DeviceRow phone = devices.rows().get(1);
        assertFalse(phone.thisDevice());
        assertEquals("android", phone.platform());
        assertEquals("3F2A 9C1B 0000 1111", phone.fingerprint());
        assertEquals("Linked on 4 Mar 2026", phone.linkedOn());
        assertEquals("Active", phone.statusText());
        assertEquals("Linked, not signed in yet", devices.rows().get(2).statusText());
        assertFalse(devices.loadingProperty().get());
        assertEquals("", devices.errorProperty().get());
    }

    @Test
    void thisDeviceCannotBeRevoked() {
        devices.refresh();
        DeviceRow desktop = devices.rows().get(0);

        assertFalse(desktop.revocable());
        devices.revoke(desktop);

        assertNull(devices.pendingRevokeProperty().get());
        assertEquals("", devices.confirmationProperty().get());
        assertTrue(account.revoked.isEmpty());
    }

    @Test
    void revokeAsksFirstNamingTheDevice() {
        devices.refresh();
        DeviceRow phone = devices.rows().get(1);
        assertTrue(phone.revocable());

        devices.revoke(phone);

        assertEquals(phone, devices.pendingRevokeProperty().get());
        assertEquals("Revoke “Ada's phone”? It will be signed out at once and can't be used with this account "
                + "until it is linked again.", devices.confirmationProperty().get());
        assertTrue(account.revoked.isEmpty(), "nothing is revoked before the user confirms");
    }

    @Test
    void confirmingRevokesThatDeviceAndReloads() {
        devices.refresh();
        devices.revoke(devices.rows().get(1));
        int loadsBefore = account.loads;

        devices.confirmRevoke();

        assertEquals(List.of(PHONE), account.revoked);
        assertEquals(loadsBefore + 1, account.loads, "the list is reloaded after revoking");
        assertNull(devices.pendingRevokeProperty().get());
        assertFalse(devices.revokingProperty().get());
        DeviceRow phone = devices.rows().stream().filter(r -> r.deviceId().equals(PHONE)).findFirst().orElseThrow();
        assertTrue(phone.revoked());
        assertFalse(phone.revocable());
        assertEquals("Ada's phone", phone.name(), "the revoked device keeps the name it had");
        assertEquals("Revoked on 22 Nov 2026", phone.statusText());
        assertEquals(PHONE, devices.rows().get(devices.rows().size() - 1).deviceId(), "revoked devices go last");
        assertEquals("“Ada's phone” was revoked. It can no longer be used with this account.",
                devices.noticeProperty().get());
    }

    @Test
    void cancellingRevokesNothing() {
        devices.refresh();
        devices.revoke(devices.rows().get(1));

        devices.cancelRevoke();
        devices.confirmRevoke(); // nothing is pending any more

        assertTrue(account.revoked.isEmpty());
        assertNull(devices.pendingRevokeProperty().get());
        assertEquals("", devices.confirmationProperty().get());
    }

    @Test
    void aListThatDoesNotCheckOutIsASecurityWarning() {
        devices.refresh();
        account.loadFailure = new DeviceAccountException(DeviceAccountException.Problem.NOT_VERIFIED,
                "This certificate was not signed by the account's identity key.", null);

        devices.refresh();

        assertTrue(devices.securityWarningProperty().get());
        assertTrue(devices.errorProperty().get().startsWith("The device list could not be checked against your "
                + "identity key: This certificate was not signed by the account's identity key."),
                devices.errorProperty().get());
        assertTrue(devices.rows().isEmpty(), "an unchecked list is not left looking trusted");
    }

    @Test
    void anUnreachableHomeserverIsSaidPlainly() {
        account.loadFailure = new DeviceAccountException(DeviceAccountException.Problem.UNREACHABLE,
                "The homeserver did not answer in time", null);

        devices.refresh();

        assertFalse(devices.securityWarningProperty().get());
        assertEquals("The device list could not be loaded: The homeserver did not answer in time.",
                devices.errorProperty().get());
    }

    @Test
    void aFailedRevocationNamesTheDeviceAndKeepsIt() {
        devices.refresh();
        account.revokeFailure = new DeviceAccountException(DeviceAccountException.Problem.REFUSED,
                "Only the account's authorized device may do that.", null);
        devices.revoke(devices.rows().get(1));

        devices.confirmRevoke();

        assertEquals("“Ada's phone” could not be revoked: Only the account's authorized device may do that.",
                devices.errorProperty().get());
        assertNull(devices.pendingRevokeProperty().get());
        assertFalse(devices.rows().get(1).revoked());
    }

    @Test
    void aLinkedDeviceOffersNoRevokeAndSaysWhy() {
        account.canRevoke = false;

        devices.refresh();

        assertTrue(devices.rows().stream().noneMatch(DeviceRow::revocable));
        assertEquals(DevicesViewModel.CANNOT_REVOKE_HINT, devices.revokeHint());
    }

    @Test
    void loadsOffTheUiThreadAndShowsResultsOnIt() {
        List<Runnable> ui = new ArrayList<>();
        List<Runnable> background = new ArrayList<>();
        DevicesViewModel queued = new DevicesViewModel(account, ui::add, background::add, new FakeClock());

        queued.refresh();
        assertTrue(queued.loadingProperty().get());
        assertEquals(0, account.loads, "the account is not called on the UI thread");

        background.remove(0).run();
        assertEquals(1, account.loads);
        assertTrue(queued.rows().isEmpty(), "rows change only on the UI thread");

        ui.remove(0).run();
        assertEquals(3, queued.rows().size());
        assertFalse(queued.loadingProperty().get());
    }

    @Test
    void anOlderAnswerNeverOverwritesANewerOne() {
        CompletableFuture<List<DeviceRecord>> slow = new CompletableFuture<>();
        CompletableFuture<List<DeviceRecord>> fast = new CompletableFuture<>();
        List<CompletableFuture<List<DeviceRecord>>> answers = new ArrayList<>(List.of(slow, fast));
        DeviceAccount twice = new DeviceAccount() {
            @Override
            public String thisDeviceId() {
                return DESKTOP;
            }

            @Override
            public boolean canRevoke() {
                return true;
            }

            @Override
            public CompletionStage<List<DeviceRecord>> devices() {
                return answers.remove(0);
            }

            @Override
            public CompletionStage<Void> revoke(String deviceId) {
                throw new AssertionError();
            }
        };
        DevicesViewModel model = new DevicesViewModel(twice, Runnable::run, Runnable::run, new FakeClock());
        model.refresh();
        model.refresh();

        fast.complete(List.copyOf(account.records));
        slow.complete(List.of());

        assertEquals(3, model.rows().size());
    }

    @Test
    void saysWhatItKnowsOfExpiredAndRevokedDevices() {
        account.records.add(DeviceRecord.expired("old-4"));
        account.records.add(DeviceRecord.revoked("lost-5", Instant.parse("2026-02-03T12:00:00Z"), "lost"));

        devices.refresh();

        DeviceRow expired = row("old-4");
        assertEquals("Unknown device", expired.name());
        assertEquals("Certificate expired: it can no longer sign in", expired.statusText());
        assertTrue(expired.revocable(), "an expired device is still on the list and can be taken off it");
        DeviceRow lost = row("lost-5");
        assertEquals("Unknown device", lost.name());
        assertEquals("Revoked on 3 Feb 2026 (lost)", lost.statusText());
        assertFalse(lost.revocable());
    }

    private DeviceRow row(String deviceId) {
        return devices.rows().stream().filter(r -> r.deviceId().equals(deviceId)).findFirst().orElseThrow();
    }

    @Test
    void eachDeviceSaysWhenItWasLastSeen() {
        account.seen.put(DESKTOP, new DeviceSeen(DESKTOP, clock.instant(), true));
        account.seen.put(PHONE, new DeviceSeen(PHONE, clock.instant().minus(Duration.ofMinutes(5)), false));
        account.seen.put(LAPTOP, new DeviceSeen(LAPTOP, null, false));

        devices.refresh();

        assertEquals(List.of("Online now", "Last seen 5 minutes ago", "Never signed in"),
                devices.rows().stream().map(DeviceRow::lastSeen).toList());
        assertTrue(devices.rows().get(0).online());
        assertFalse(devices.rows().get(1).online());
    }

    @Test
    void recentTimesAreRelativeAndOlderOnesADate() {
        Instant lastSeen = Instant.parse("2026-11-22T11:59:30Z");
        account.seen.put(PHONE, new DeviceSeen(PHONE, lastSeen, false));

        assertEquals("Last seen just now", phoneLastSeen());
        clock.advance(Duration.ofSeconds(60));
        assertEquals("Last seen 1 minute ago", phoneLastSeen());
        clock.advance(Duration.ofMinutes(59));
        assertEquals("Last seen 1 hour ago", phoneLastSeen());
        clock.advance(Duration.ofHours(22));
        assertEquals("Last seen 23 hours ago", phoneLastSeen());
        clock.advance(Duration.ofHours(1));
        assertEquals("Last seen 22 Nov 2026", phoneLastSeen());
        clock.advance(Duration.ofDays(3));
        assertEquals("Last seen 22 Nov 2026", phoneLastSeen());
    }

    @Test
    void aRevokedDeviceStillSaysWhenItWasLastSeen() {
        account.seen.put(PHONE, new DeviceSeen(PHONE, Instant.parse("2026-11-03T08:00:00Z"), false));
        devices.refresh();
        devices.revoke(devices.rows().get(1));

        devices.confirmRevoke();

        DeviceRow phone = devices.rows().stream().filter(r -> r.deviceId().equals(PHONE)).findFirst().orElseThrow();
        assertTrue(phone.revoked());
        assertEquals("Last seen 3 Nov 2026", phone.lastSeen());
    }

    @Test
    void theListShowsWithoutLastSeenWhenThatFails() {
        account.activityFailure = new DeviceAccountException(DeviceAccountException.Problem.REFUSED,
                "You are not logged in.", null);

        devices.refresh();

        assertEquals(3, devices.rows().size());
        assertTrue(devices.rows().stream().allMatch(row -> row.lastSeen().isEmpty()));
        assertEquals("", devices.errorProperty().get(), "last seen is optional: no error for it");
    }

    private String phoneLastSeen() {
        devices.refresh();
        return devices.rows().stream().filter(r -> r.deviceId().equals(PHONE)).findFirst().orElseThrow().lastSeen();
    }
}
