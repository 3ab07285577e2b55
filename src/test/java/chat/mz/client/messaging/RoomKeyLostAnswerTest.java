package chat.mz.client.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.crypto.Bytes;
import chat.mz.history.Entry;
import chat.mz.history.Protection;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device whose new room key the homeserver took but whose answer never came (the app died, the
 * connection dropped) cannot tell its key won: nothing comes back, since a key is never sealed to
 * the device that made it. It must not be stuck: its next encrypted message replaces the key again,
 * and everyone reads it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoomKeyLostAnswerTest {
    @TempDir
    Path root;

    private final SecureRandom random = new SecureRandom();
    private MessagingWorld world;
    private User ada;
    private User bob;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new MessagingWorld(root);
        ada = world.register("ada");
        bob = world.register("bob");
        session = ada.messenger().conversations().createGroup("Crag", List.of(bob.userId()), true)
                .get(30, TimeUnit.SECONDS).sessionId();
        MessagingWorld.await("bob has key 1", 30, () -> bob.history().roomKeys().get(session, 1).isPresent());
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aKeyTakenWithoutAnAnswerIsReplacedByTheNextMessage() throws Exception {
        // what a re-key does up to the homeserver taking key 2, with the app gone before the answer
        RoomKey key = RoomKey.create(session, 2, random, Clock.systemUTC());
        byte[] bytes = key.keyBytes();
        ada.history().roomKeys().add(new StoredRoomKey(session, 2, bytes, key.createdAt(), ada.userId(),
                ada.identity().deviceId(), false));
        Bytes.wipe(bytes);
        SealedRoomKey sealed = ada.identity().withSigningKey(signingKey -> RoomKeyWrap.wrap(key,
                ada.identity().device(), signingKey, RecipientDevice.of(bob.identity().certificate()), random));
        ada.connection().call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 2, true,
                List.of(new WrappedRoomKey(bob.userId(), bob.identity().deviceId(), sealed.wrappedKeyBase64(),
                        sealed.signatureBase64())))).get(30, TimeUnit.SECONDS);
        MessagingWorld.await("bob has key 2", 30, () -> bob.history().roomKeys().get(session, 2).isPresent());
        ada.restart();

        ada.messenger().send(session, "after the lost answer").get(30, TimeUnit.SECONDS);
        MessagingWorld.await("bob reads it", 30, () -> bob.history().latest(session, 50).stream()
                .anyMatch(e -> e.text().equals("after the lost answer") && e.protection() == Protection.ENCRYPTED));
        StoredRoomKey third = ada.history().roomKeys().get(session, 3).orElseThrow();
        assertTrue(third.confirmed(), "ada made key 3 and the homeserver took it");
        assertArrayEquals(third.key(), bob.history().roomKeys().get(session, 3).orElseThrow().key());
        Entry mine = ada.history().latest(session, 50).stream().filter(e -> e.text().equals("after the lost answer"))
                .findFirst().orElseThrow();
        assertEquals(chat.mz.history.DeliveryState.SENT, mine.state() == chat.mz.history.DeliveryState.DELIVERED
                ? chat.mz.history.DeliveryState.SENT : mine.state());
    }
}
