package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.Entry;
import chat.mz.history.Membership;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's settings without a window, on the real client core and a homeserver on loopback: the
 * owner rotates the key, changes the schedule and switches encryption off after confirming; a member
 * who is not the owner is told so in plain words; members are invited, removed, let in and leave.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupSettingsViewModelTest {
    @TempDir
    Path folder;

    private final UiThread ui = new UiThread();
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;
    private Calls calls;

    @BeforeEach
    void twoAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
        calls = new Calls(ui::execute, Runnable::run);
    }

    @AfterEach
    void stop() throws Exception {
        ui.close();
        world.close();
    }

    @Test
    void theOwnerSeesTheKeyAndMembersRotatesItAndChangesTheSchedule() throws Exception {
        String group = group("Crag", true);
        GroupSettingsViewModel settings = settings(ada, group);
        ui.waitFor("loaded", () -> settings.loadedProperty().get());
        assertTrue(ui.get(() -> settings.ownerProperty().get()));
        assertTrue(ui.get(() -> settings.encryptedProperty().get()));
        assertEquals("Settings of Crag", ui.get(() -> settings.titleProperty().get()));
        assertEquals("Key 1", ui.get(() -> settings.keyNumberProperty().get()));
        assertTrue(ui.get(() -> settings.keyAgeProperty().get()).startsWith("Made "));
        assertEquals(List.of("ada (owner, you) · 1 device", "bob · 1 device"),
                ui.get(() -> settings.members().stream().map(MemberRow::text).toList()));
        assertEquals(List.of(false, true), ui.get(() -> settings.members().stream().map(MemberRow::removable)
                .toList()), "the owner may remove bob, not herself");

        ui.run(settings::rotateNow);
        ui.waitFor("key 2", () -> settings.keyNumberProperty().get().equals("Key 2"));
        assertEquals("The group is now on key 2.", ui.get(() -> settings.noticeProperty().get()));
        LoopbackChat.waitFor("bob holds key 2", () -> bob.history().roomKeys().get(group, 2).isPresent());

        ui.run(() -> settings.chooseRotation(KeyRotation.DAY));
        ui.waitFor("a daily key", () -> settings.rotationProperty().get() == KeyRotation.DAY);
        assertTrue(ui.get(() -> settings.nextRotationProperty().get()).startsWith("Next replacement due "),
                ui.get(() -> settings.nextRotationProperty().get()));
        ui.run(() -> settings.setNewMembersRead(!settings.newMembersReadProperty().get()));
        boolean wanted = !ui.get(() -> settings.newMembersReadProperty().get());
        LoopbackChat.waitFor("the setting on the homeserver", () -> bob.messenger().encryption()
                .refreshKeyInfo(group).join().newMembersReadHistory() == wanted);
        assertEquals("", ui.get(() -> settings.errorProperty().get()));
        ui.run(settings::close);
    }

    @Test
    void turningEncryptionOffIsConfirmedFirstAndEveryMemberSeesIt() throws Exception {
        String group = group("Switches", true);
        GroupSettingsViewModel settings = settings(ada, group);
        ui.waitFor("loaded", () -> settings.loadedProperty().get());

        ui.run(() -> settings.requestEncryption(false));
        assertTrue(ui.get(() -> settings.confirmingTurnOffProperty().get()));
        assertTrue(ui.get(() -> settings.turnOffConsequence()).contains("the homeserver"));
        ui.run(settings::cancelTurnOff);
        assertFalse(ui.get(() -> settings.confirmingTurnOffProperty().get()));
        assertTrue(ui.get(() -> settings.encryptedProperty().get()), "still on after keeping it");

        ui.run(() -> {
            settings.requestEncryption(false);
            settings.confirmTurnOff();
        });
        ui.waitFor("encryption off", () -> !settings.encryptedProperty().get());
        for (LoopbackChat.Person person : List.of(ada, bob)) {
            LoopbackChat.waitFor(person.username() + " sees the system line", () -> person.history()
                    .latest(group, 20).stream().anyMatch(e -> e.kind() == Entry.Kind.SYSTEM
                            && e.text().contains("turned off end-to-end encryption")));
        }

        ui.run(() -> settings.requestEncryption(true));
        ui.waitFor("encryption on again", () -> settings.encryptedProperty().get());
        ui.run(settings::close);
    }

    @Test
    void aMemberWhoIsNotTheOwnerIsToldSoButMayRotateTheKey() throws Exception {
        String group = group("Members", true);
        GroupSettingsViewModel settings = settings(bob, group);
        ui.waitFor("loaded", () -> settings.loadedProperty().get());
        assertFalse(ui.get(() -> settings.ownerProperty().get()));
        assertEquals(List.of(false, false), ui.get(() -> settings.members().stream().map(MemberRow::removable)
                .toList()));

        ui.run(() -> {
            settings.requestEncryption(false);
            settings.confirmTurnOff();
        });
        ui.waitFor("refused", () -> !settings.errorProperty().get().isEmpty());
        assertEquals("Turning encryption off did not work: Only the group's owner can do that.",
                ui.get(() -> settings.errorProperty().get()));
        assertTrue(ui.get(() -> settings.encryptedProperty().get()));

        ui.run(settings::rotateNow);
        ui.waitFor("key 2", () -> settings.keyNumberProperty().get().equals("Key 2"));
        ui.run(settings::close);
    }

    @Test
    void membersAreInvitedLetInRemovedAndLeave() throws Exception {
        LoopbackChat.Person cyd = world.person("cyd");
        String group = group("Hut", false);
        GroupSettingsViewModel settings = settings(ada, group);
        ui.waitFor("loaded", () -> settings.loadedProperty().get());

        ui.run(() -> {
            settings.inviteNameProperty().set("nobody");
            settings.invite();
        });
        ui.waitFor("refused", () -> !settings.errorProperty().get().isEmpty());
        assertEquals("Inviting nobody did not work: There is nobody called “nobody” on this homeserver.",
                ui.get(() -> settings.errorProperty().get()));
        ui.run(() -> {
            settings.inviteNameProperty().set("@cyd");
            settings.invite();
        });
        ui.waitFor("invited", () -> settings.noticeProperty().get().equals("cyd is invited."));
        LoopbackChat.waitFor("cyd's invitation", () -> cyd.messenger().conversations().pendingRequests().stream()
                .anyMatch(r -> r.sessionId().equals(group)));
        LoopbackChat.await(cyd.messenger().conversations().accept(group));
        ui.waitFor("cyd a member", () -> settings.members().stream().anyMatch(m -> m.username().equals("cyd")));

        GroupSettingsViewModel cyds = settings(cyd, group);
        ui.waitFor("cyd's loaded", () -> cyds.loadedProperty().get());
        ui.run(cyds::leave);
        ui.waitFor("cyd's settings done", () -> cyds.doneProperty().get());
        ui.waitFor("cyd gone", () -> settings.members().stream().noneMatch(m -> m.username().equals("cyd")));
        ui.run(cyds::close);

        MemberRow bobsRow = ui.get(() -> settings.members().stream().filter(m -> m.username().equals("bob"))
                .findFirst().orElseThrow());
        ui.run(() -> settings.remove(bobsRow));
        LoopbackChat.waitFor("bob removed", () -> bob.history().session(group)
                .map(s -> s.membership() == Membership.REMOVED).orElse(false));
        ui.waitFor("bob gone", () -> settings.members().stream().noneMatch(m -> m.username().equals("bob")));

        LoopbackChat.await(bob.messenger().conversations().join(group));
        ui.waitFor("bob asks", () -> settings.joinRequests().size() == 1);
        ChatRequest asking = ui.get(() -> settings.joinRequests().get(0));
        assertEquals("bob", asking.username());
        ui.run(() -> settings.approve(asking));
        ui.waitFor("bob back", () -> settings.joinRequests().isEmpty()
                && settings.members().stream().anyMatch(m -> m.username().equals("bob")));
        ui.run(settings::close);
    }

    @Test
    void anUnreachableHomeserverIsSaidInPlainWords() throws Exception {
        String group = group("Offline", true);
        ada.connection().close();
        GroupSettingsViewModel settings = settings(ada, group);
        ui.waitFor("loaded", () -> settings.loadedProperty().get());
        assertTrue(ui.get(() -> settings.errorProperty().get()).startsWith("Showing what was last known."),
                ui.get(() -> settings.errorProperty().get()));
        assertEquals("Key 1", ui.get(() -> settings.keyNumberProperty().get()), "the facts last known");

        ui.run(settings::rotateNow);
        ui.waitFor("refused", () -> settings.errorProperty().get().startsWith("Replacing the key did not work: "));
        assertTrue(ui.get(() -> settings.errorProperty().get()).endsWith("Try again once you are online."),
                ui.get(() -> settings.errorProperty().get()));
        ui.run(settings::close);
    }

    /** A group owned by ada with bob in it; an encrypted one once both hold its first key. */
    private String group(String name, boolean encrypted) throws Exception {
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup(name, List.of(bob.userId()),
                encrypted)).sessionId();
        for (LoopbackChat.Person person : List.of(ada, bob)) {
            LoopbackChat.waitFor(person.username() + " knows of it", () -> person.history().session(group)
                    .isPresent());
            if (encrypted) {
                LoopbackChat.waitFor(person.username() + " holds the first key", () -> person.history().roomKeys()
                        .get(group, 1).map(k -> k.confirmed()).orElse(false));
            }
        }
        return group;
    }

    private GroupSettingsViewModel settings(LoopbackChat.Person person, String group) {
        GroupSettingsViewModel settings = new GroupSettingsViewModel(person.account(), calls, Clock.systemUTC(),
                group);
        ui.run(settings::start);
        return settings;
    }
}
