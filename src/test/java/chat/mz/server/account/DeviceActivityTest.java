package chat.mz.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Revocation;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.account.DeviceActivity;
import chat.mz.protocol.account.GetDeviceActivityParams;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RevokeDeviceParams;
import chat.mz.server.account.TestHomeserver.Client;
import chat.mz.server.account.TestIdentities.Account;
import chat.mz.server.account.TestIdentities.Device;
import chat.mz.testing.RawWebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GetDeviceActivity}: when each of the caller's devices was last seen and which are online,
 * with the homeserver's clock under the test's control so every time is exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeviceActivityTest {
    private static final GetDeviceActivityParams NONE = new GetDeviceActivityParams();

    @TempDir
    Path data;

    private final TestIdentities identities = new TestIdentities(5);
    private TestHomeserver homeserver;
    private Client desktop;
    private Account ada;
    private Device phone;
    private Instant start;

    @BeforeEach
    void registerAdaWithAPhone() throws Exception {
        homeserver = new TestHomeserver(data);
        start = homeserver.clock.instant();
        ada = identities.account("ada", start);
        desktop = homeserver.connect();
        desktop.call(Methods.REGISTER, ada.registerParams());
        phone = identities.device(ada.root(), ada.userId(), start, DeviceCertificate.DEFAULT_LIFETIME);
    }

    @AfterEach
    void stop() throws Exception {
        homeserver.close();
    }

    @Test
    void onlyALoggedInDeviceMayAsk() throws Exception {
        desktop.refused(Methods.GET_DEVICE_ACTIVITY, NONE, ErrorCode.NOT_LOGGED_IN);
        homeserver.connect().refused(Methods.GET_DEVICE_ACTIVITY, NONE, ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void aDeviceIsOnlineWhileLoggedInAndLastSeenWhenItLeft() throws Exception {
        homeserver.clock.advance(Duration.ofMinutes(1));
        desktop.login(ada.userId(), ada.first());
        homeserver.clock.advance(Duration.ofMinutes(1));
        publishPhone();

        Map<String, DeviceActivity> before = activity(desktop);
        assertEquals(new DeviceActivity(ada.first().id(), start.toEpochMilli(), at(1), true),
                before.get(ada.first().id()));
        assertEquals(new DeviceActivity(phone.id(), at(2), null, false), before.get(phone.id()),
                "linked, never logged in");

        homeserver.clock.advance(Duration.ofMinutes(1));
        Client phoneClient = homeserver.connect();
        phoneClient.login(ada.userId(), phone);
        assertEquals(new DeviceActivity(phone.id(), at(2), at(3), true), activity(desktop).get(phone.id()));
        // the phone sees the same, itself included
        assertEquals(new DeviceActivity(phone.id(), at(2), at(3), true), activity(phoneClient).get(phone.id()));

        homeserver.clock.advance(Duration.ofMinutes(7));
        phoneClient.close();
        DeviceActivity gone = awaitOffline(phone.id());
        assertEquals(new DeviceActivity(phone.id(), at(2), at(10), false), gone);
        assertTrue(activity(desktop).get(ada.first().id()).online(), "the desktop is still here");
    }

    @Test
    void aRevokedDeviceStaysListedWithWhenItWasCutOff() throws Exception {
        desktop.login(ada.userId(), ada.first());
        DeviceList two = publishPhone();
        try (RawDevice phoneSocket = RawDevice.connect(homeserver.server().uri())) {
            homeserver.clock.advance(Duration.ofMinutes(4));
            assertInstanceOf(RpcMessage.Response.class, phoneSocket.login(ada.userId(), phone));
            homeserver.clock.advance(Duration.ofMinutes(5));
            Revocation revocation = Revocation.sign(new Revocation.Body(ada.userId(), phone.id(),
                    homeserver.clock.instant(), "lost"), key());
            desktop.call(Methods.REVOKE_DEVICE, new RevokeDeviceParams(revocation.encode(),
                    two.without(phone.id(), homeserver.clock.instant(), key()).encode()));
            RawWebSocket.Close close = phoneSocket.socket().closed().get(10, TimeUnit.SECONDS);
            assertEquals(AccountService.REVOKED_CLOSE_CODE, close.code());
        }

        DeviceActivity revoked = awaitOffline(phone.id());
        assertEquals(new DeviceActivity(phone.id(), start.toEpochMilli(), at(9), false), revoked);
        assertEquals(2, activity(desktop).size());
    }

    @Test
    void nobodySeesAnotherAccountsDevices() throws Exception {
        desktop.login(ada.userId(), ada.first());
        Account eve = identities.account("eve", start);
        Client eveClient = homeserver.connect();
        eveClient.call(Methods.REGISTER, eve.registerParams());
        eveClient.login(eve.userId(), eve.first());

        assertEquals(List.of(ada.first().id()), List.copyOf(activity(desktop).keySet()));
        assertEquals(List.of(eve.first().id()), List.copyOf(activity(eveClient).keySet()));
    }

    private DeviceList publishPhone() throws InterruptedException {
        DeviceList two = ada.list().with(phone.certificate(), homeserver.clock.instant(), key());
        desktop.call(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(), two.encode()));
        return two;
    }

    /** The homeserver notices a closed socket a moment later: waits for the device to be offline. */
    private DeviceActivity awaitOffline(String deviceId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        DeviceActivity activity;
        do {
            activity = activity(desktop).get(deviceId);
            if (!activity.online()) {
                return activity;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still online: " + activity);
    }

    private static Map<String, DeviceActivity> activity(Client client) throws InterruptedException {
        List<DeviceActivity> devices = client.call(Methods.GET_DEVICE_ACTIVITY, NONE).devices();
        Map<String, DeviceActivity> byId = devices.stream()
                .collect(Collectors.toMap(DeviceActivity::deviceId, Function.identity(), (a, b) -> {
                    throw new AssertionError("listed twice: " + a);
                }, java.util.LinkedHashMap::new));
        assertFalse(byId.isEmpty());
        return byId;
    }

    /** Milliseconds since the epoch, {@code minutes} after the test began. */
    private long at(int minutes) {
        return start.plus(Duration.ofMinutes(minutes)).toEpochMilli();
    }

    private byte[] key() {
        return ada.root().privateKey();
    }
}
