package chat.mz.client.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.Protection;
import chat.mz.testing.FakeClock;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's rotation period, with the homeserver on a fake clock: the key is kept while it is
 * younger than the period and replaced by whoever speaks next once it is older, and the owner
 * changes the period as a setting everyone sees.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RoomKeyRotationTest {
    @TempDir
    Path root;

    // now, not a fixed date: the devices' certificates are issued in real time
    private final FakeClock serverClock = new FakeClock(Instant.now());
    private MessagingWorld world;

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void theKeyIsReplacedOnceTheRotationPeriodHasPassed() throws Exception {
        world = new MessagingWorld(root, serverClock);
        User ada = world.register("ada");
        User bob = world.register("bob");
        String session = ada.messenger().conversations().createGroup("Clockwork", List.of(bob.userId()), true)
                .get(30, TimeUnit.SECONDS).sessionId();
        GroupEncryption.KeyInfo none = ada.messenger().encryption().refreshKeyInfo(session).get(30, TimeUnit.SECONDS);
        assertTrue(none.rotation().isZero());
        assertNull(none.nextRotationDue(), "no period, nothing due");

        ada.messenger().encryption().updateSettings(session, Duration.ofHours(1), null).get(30, TimeUnit.SECONDS);
        GroupEncryption.KeyInfo hourly = ada.messenger().encryption().keyInfo(session).get(30, TimeUnit.SECONDS);
        assertEquals(Duration.ofHours(1), hourly.rotation());
        assertEquals(hourly.keyCreatedAt().plus(Duration.ofHours(1)), hourly.nextRotationDue());
        MessagingWorld.await("bob sees the setting change", 20, () -> bob.history().latest(session, 50).stream()
                .anyMatch(e -> e.text().contains("changed the group's encryption settings")));

        serverClock.advance(Duration.ofMinutes(59));
        talk(bob, ada, session, "still key 1");
        assertEquals(1, ada.history().roomKeys().settings(session).keyEpoch(), "younger than the period: kept");

        serverClock.advance(Duration.ofMinutes(2));
        talk(bob, ada, session, "after an hour");
        MessagingWorld.await("ada holds key 2", 20, () -> ada.history().roomKeys().get(session, 2).isPresent());
        assertEquals(2, bob.history().roomKeys().settings(session).keyEpoch(), "bob spoke first, so bob replaced it");
        assertFalse(java.util.Arrays.equals(ada.history().roomKeys().get(session, 1).orElseThrow().key(),
                ada.history().roomKeys().get(session, 2).orElseThrow().key()));
    }

    /** Bob says something; ada reads it, encrypted. */
    private static void talk(User bob, User ada, String session, String text) throws Exception {
        bob.messenger().send(session, text).get(30, TimeUnit.SECONDS);
        MessagingWorld.await("ada reads \"" + text + "\"", 30, () -> ada.history().latest(session, 50).stream()
                .anyMatch(e -> e.text().equals(text) && e.protection() == Protection.ENCRYPTED));
    }
}
