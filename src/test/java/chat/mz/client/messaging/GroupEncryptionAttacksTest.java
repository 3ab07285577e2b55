package chat.mz.client.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomCipher;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedMessage;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.client.identity.DeviceManager;
import chat.mz.history.Entry;
import chat.mz.history.Protection;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionIds;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a lying homeserver (or a member playing tricks) can throw at a device, each refused with a
 * clear mark in the conversation and nothing else lost: altered ciphertext, a signature by another
 * device, a replay (also after a restart), a room key sealed to another device, a message under an
 * epoch that skips ahead (readable once its key arrives, not before) and a message from a revoked
 * device. The lies are handed to ada's real messenger as if her homeserver had sent them; the keys,
 * devices and lists behind them are real, from a real homeserver on loopback.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GroupEncryptionAttacksTest {
    @TempDir
    Path root;

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong seq = new AtomicLong(10_000);
    private MessagingWorld world;
    private User ada;
    private User bobDesk;
    private User bobPhone;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new MessagingWorld(root);
        ada = world.register("ada");
        bobDesk = world.register("bob");
        bobPhone = world.linkDevice(bobDesk, "bob phone");
        session = ada.messenger().conversations().createGroup("Crag", List.of(bobDesk.userId()), true)
                .get(30, TimeUnit.SECONDS).sessionId();
        MessagingWorld.await("bob's phone has key 1", 30,
                () -> bobPhone.history().roomKeys().get(session, 1).isPresent());
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void anAlteredCiphertextIsMarkedNotShown() throws Exception {
        SealedMessage real = seal(bobPhone, bobPhone, currentKey(bobPhone), "the real words");
        byte[] bytes = real.encode();
        bytes[bytes.length - 80] ^= 0x01; // inside the ciphertext, before the signature
        Entry got = deliver(bobPhone, real.header().messageId(), bytes, 1);
        assertEquals(Protection.UNREADABLE, got.protection());
        assertEquals(RoomOpener.NOT_SIGNED, got.text());

        Entry control = deliver(bobPhone, seal(bobPhone, bobPhone, currentKey(bobPhone), "the real words"), 1);
        assertEquals(Protection.ENCRYPTED, control.protection());
        assertEquals("the real words", control.text());
    }

    @Test
    void aSignatureByAnotherDeviceIsRefused() throws Exception {
        // names bob's phone as its sender but is signed by bob's desktop: a member cannot write as another device
        SealedMessage forged = seal(bobPhone, bobDesk, currentKey(bobPhone), "it was the phone, honestly");
        Entry got = deliver(bobPhone, forged, 1);
        assertEquals(Protection.UNREADABLE, got.protection());
        assertEquals(RoomOpener.NOT_SIGNED, got.text());
    }

    @Test
    void aReplayIsRefusedAlsoAfterARestart() throws Exception {
        SealedMessage once = seal(bobPhone, bobPhone, currentKey(bobPhone), "pay bob 10 francs");
        assertEquals(Protection.ENCRYPTED, deliver(bobPhone, once, 1).protection());
        Entry again = deliver(bobPhone, once, 1);
        assertEquals(Protection.UNREADABLE, again.protection());
        assertEquals(RoomOpener.REPLAYED, again.text());

        ada.restart();
        Entry afterRestart = deliver(bobPhone, once, 1);
        assertEquals(RoomOpener.REPLAYED, afterRestart.text(), "the replay window is kept in the history file");
        long shown = ada.history().latest(session, 100).stream().filter(e -> e.text().equals("pay bob 10 francs"))
                .count();
        assertEquals(1, shown, "the message shows once");
    }

    @Test
    void aKeySealedToAnotherDeviceIsRefusedAndASkippedEpochWaitsForItsKey() throws Exception {
        RoomKey skipped = RoomKey.create(session, 7, random, Clock.systemUTC());
        // a message under epoch 7 arrives before its key: kept, marked, not shown as text
        SealedMessage early = seal(bobDesk, bobDesk, skipped, "from the future");
        Entry waiting = deliver(bobDesk, early, 7);
        assertEquals(Protection.UNREADABLE, waiting.protection());
        assertEquals(RoomOpener.WAITING_FOR_KEY, waiting.text());

        // key 7 sealed to bob's phone, handed to ada: it opens on no other device
        deliverKey(bobDesk, skipped, bobPhone.identity().certificate());
        Thread.sleep(200);
        assertTrue(ada.history().roomKeys().get(session, 7).isEmpty(), "a key sealed to another device is refused");
        assertEquals(RoomOpener.WAITING_FOR_KEY, entry(early.header().messageId()).orElseThrow().text());

        // the same key sealed to ada: taken, and the waiting message opens
        deliverKey(bobDesk, skipped, ada.identity().certificate());
        MessagingWorld.await("the waiting message opens", 20,
                () -> entry(early.header().messageId()).map(e -> e.protection() == Protection.ENCRYPTED).orElse(false));
        assertEquals("from the future", entry(early.header().messageId()).orElseThrow().text());
    }

    @Test
    void aKeyArrivingInTheSameBatchOpensTheMessagesAroundIt() throws Exception {
        RoomKey next = RoomKey.create(session, 9, random, Clock.systemUTC());
        SealedMessage before = seal(bobDesk, bobDesk, next, "sent before the key reached ada");
        SealedMessage after = seal(bobDesk, bobDesk, next, "sent after it");
        ada.messenger().deliver(new FetchEventsResult(List.of(item(bobDesk, before, 9),
                keyItem(bobDesk, next, ada.identity().certificate()), item(bobDesk, after, 9))))
                .get(30, TimeUnit.SECONDS);
        for (SealedMessage message : List.of(before, after)) {
            Entry got = entry(message.header().messageId()).orElseThrow();
            assertEquals(Protection.ENCRYPTED, got.protection(), got.text());
        }
        assertEquals("sent before the key reached ada", entry(before.header().messageId()).orElseThrow().text());
    }

    @Test
    void aRevokedDeviceGetsNoNewKeyAndItsMessagesAreRefused() throws Exception {
        RoomKey beforeRevocation = currentKey(bobPhone);
        new DeviceManager(bobDesk.connection(), Clock.systemUTC())
                .revoke(bobDesk.identity(), bobPhone.identity().deviceId(), "lost").get(30, TimeUnit.SECONDS);

        // the revocation marks the group: ada's next message makes key 2, for bob's desktop only
        ada.messenger().send(session, "after the phone was lost").get(30, TimeUnit.SECONDS);
        MessagingWorld.await("bob's desktop reads it", 30, () -> bobDesk.history().latest(session, 50).stream()
                .anyMatch(e -> e.text().equals("after the phone was lost") && e.protection() == Protection.ENCRYPTED));
        assertTrue(bobDesk.history().roomKeys().get(session, 2).isPresent());
        assertTrue(bobPhone.history().roomKeys().get(session, 2).isEmpty(), "the revoked phone gets no new key");

        // a message the homeserver claims came from the revoked phone, even under the old key
        Entry got = deliver(bobPhone, seal(bobPhone, bobPhone, beforeRevocation, "I am still bob"), 1);
        assertEquals(Protection.UNREADABLE, got.protection());
        assertEquals(RoomOpener.UNKNOWN_DEVICE, got.text());
    }

    // ---- a homeserver that lies

    private RoomKey currentKey(User device) {
        return RoomKeys.roomKey(device.history().roomKeys().latest(session).orElseThrow());
    }

    /** A message under {@code key} naming {@code sender} as its device, signed by {@code signer}'s key. */
    private SealedMessage seal(User sender, User signer, RoomKey key, String text) throws Exception {
        DeviceRef from = sender.identity().device();
        return signer.identity().withSigningKey(signingKey -> RoomCipher.seal(key, from, SessionIds.random(random),
                seq.incrementAndGet(), text.getBytes(StandardCharsets.UTF_8), signingKey, random));
    }

    private Entry deliver(User sender, SealedMessage message, long epoch) throws Exception {
        return deliver(sender, message.header().messageId(), message.encode(), epoch);
    }

    /** Hands ada one timeline entry as if fetched, at a fresh seq, and answers what she stored. */
    private Entry deliver(User sender, String messageId, byte[] sealed, long epoch) throws Exception {
        QueuedEvent item = item(sender, messageId, sealed, epoch);
        ada.messenger().deliver(new FetchEventsResult(List.of(item))).get(30, TimeUnit.SECONDS);
        long at = item.event().seq();
        return ada.history().before(session, at + 1, 1).get(0);
    }

    private QueuedEvent item(User sender, SealedMessage message, long epoch) {
        return item(sender, message.header().messageId(), message.encode(), epoch);
    }

    /** A timeline entry at a fresh seq, as the homeserver would queue it. */
    private QueuedEvent item(User sender, String messageId, byte[] sealed, long epoch) {
        long at = seq.incrementAndGet();
        SessionEvent event = new SessionEvent(session, at, System.currentTimeMillis(), SessionEventKind.MESSAGE,
                sender.userId(), sender.username(), sender.identity().deviceId(), null, null, null, messageId, null,
                Base64.getEncoder().encodeToString(sealed), epoch);
        return new QueuedEvent(at, QueuedEventType.SESSION_EVENT, event, null, null);
    }

    /** Hands ada a room key that {@code sender} sealed to the device of {@code recipient}. */
    private void deliverKey(User sender, RoomKey key, chat.mz.identity.DeviceCertificate recipient) throws Exception {
        ada.messenger().deliver(new FetchEventsResult(List.of(keyItem(sender, key, recipient))))
                .get(30, TimeUnit.SECONDS);
    }

    private QueuedEvent keyItem(User sender, RoomKey key, chat.mz.identity.DeviceCertificate recipient)
            throws Exception {
        SealedRoomKey sealed = sender.identity().withSigningKey(signingKey -> RoomKeyWrap.wrap(key,
                sender.identity().device(), signingKey, RecipientDevice.of(recipient), random));
        RoomKeyDelivery delivery = new RoomKeyDelivery(session, key.epoch(), sender.userId(),
                sender.identity().deviceId(), sealed.wrappedKeyBase64(), sealed.signatureBase64());
        return new QueuedEvent(seq.incrementAndGet(), QueuedEventType.RECEIVE_ROOM_KEY, null, null, null, delivery,
                null, null);
    }

    private Optional<Entry> entry(String messageId) {
        return ada.history().latest(session, 100).stream().filter(e -> e.messageId().equals(messageId)).findFirst();
    }
}
