package chat.mz.client.e2ee;

import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP_SIGNING;
import static chat.mz.client.e2ee.Fixtures.ADA_PHONE;
import static chat.mz.client.e2ee.Fixtures.ADA_PHONE_SIGNING;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE_SIGNING;
import static chat.mz.client.e2ee.Fixtures.OTHER_SESSION;
import static chat.mz.client.e2ee.Fixtures.SESSION;
import static chat.mz.client.e2ee.Fixtures.flip;
import static chat.mz.client.e2ee.Fixtures.roomKey;
import static chat.mz.client.e2ee.Fixtures.seeded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sealing and opening room messages, and every way a message on the way is refused. */
class RoomCipherTest {
    private static final byte[] TEXT = "Climbing on Saturday?".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = seeded(11);
    private final RoomKey epoch1 = roomKey(SESSION, 1, 21);
    private final RoomKey epoch2 = roomKey(SESSION, 2, 22);
    private final RoomKeyLookup keys = RoomKeyLookup.of(epoch1, epoch2);

    @Test
    void aMemberReadsWhatAnotherSealed() throws Exception {
        SealedMessage sealed = seal(epoch2, "msg-0000000000000001", 1, TEXT);

        OpenedMessage opened = RoomCipher.open(SealedMessage.decode(sealed.encode()), SESSION, keys,
                ADA_LAPTOP_SIGNING.publicKey());

        assertArrayEquals(TEXT, opened.plaintext());
        MessageHeader header = opened.header();
        assertEquals(MessageHeader.VERSION, header.version());
        assertEquals(SESSION, header.sessionId());
        assertEquals(2, header.epoch());
        assertEquals(ADA_LAPTOP, header.sender());
        assertEquals("msg-0000000000000001", header.messageId());
        assertEquals(1, header.counter());
        assertEquals(sealed.header(), header);
    }

    @Test
    void theBase64FormRoundTrips() throws Exception {
        SealedMessage sealed = seal(epoch1, "msg-0000000000000002", 7, TEXT);

        assertEquals(sealed, SealedMessage.fromBase64(sealed.toBase64()));
        assertArrayEquals(TEXT, RoomCipher.open(SealedMessage.fromBase64(sealed.toBase64()), SESSION, keys,
                ADA_LAPTOP_SIGNING.publicKey()).plaintext());
    }

    @Test
    void emptyAndLargestMessagesRoundTripAndLargerOnesAreRefused() throws Exception {
        byte[] largest = new byte[SealedMessage.MAX_PLAINTEXT_BYTES];
        random.nextBytes(largest);

        assertArrayEquals(new byte[0], open(seal(epoch1, "msg-empty-0000000001", 1, new byte[0])).plaintext());
        SealedMessage big = seal(epoch1, "x".repeat(64), 2, largest);
        assertArrayEquals(largest, open(SealedMessage.decode(big.encode())).plaintext());
        assertThrows(IllegalArgumentException.class,
                () -> seal(epoch1, "msg-too-big-00000001", 3, new byte[SealedMessage.MAX_PLAINTEXT_BYTES + 1]));
    }

    @Test
    void twoSealsOfOneTextDifferInNonceAndCiphertext() {
        SealedMessage first = seal(epoch1, "msg-0000000000000003", 1, TEXT);
        SealedMessage second = seal(epoch1, "msg-0000000000000003", 1, TEXT);

        assertFalse(Arrays.equals(first.header().nonce(), second.header().nonce()));
        assertFalse(Arrays.equals(first.ciphertext(), second.ciphertext()));
    }

    @Test
    void aMessageForAnotherSessionIsRefused() {
        SealedMessage sealed = seal(roomKey(OTHER_SESSION, 1, 21), "msg-0000000000000004", 1, TEXT);

        assertReason(E2eeException.Reason.WRONG_SESSION, () -> open(sealed));
    }

    @Test
    void aMessageUnderAnEpochThisDeviceLacksIsRefused() {
        RoomKey epoch3 = roomKey(SESSION, 3, 23);
        SealedMessage skipped = seal(epoch3, "msg-0000000000000005", 1, TEXT);

        E2eeException e = assertReason(E2eeException.Reason.UNKNOWN_EPOCH, () -> open(skipped));
        assertEquals("This message is encrypted under room key 3 of the conversation, which this device does not "
                + "have.", e.getMessage());
        assertReason(E2eeException.Reason.UNKNOWN_EPOCH,
                () -> RoomCipher.open(skipped, SESSION, RoomKeyLookup.of(epoch1, roomKey(SESSION, 4, 24)),
                        ADA_LAPTOP_SIGNING.publicKey()));
    }

    @Test
    void aMemberCannotWriteInAnotherMembersName() {
        // Cyd holds the room key, so she can encrypt; she cannot sign with Ada's device key
        SealedMessage forged = RoomCipher.seal(epoch1, ADA_LAPTOP, "msg-0000000000000006", 1, TEXT,
                CYD_PHONE_SIGNING.privateKey(), random);

        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> open(forged));
        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> RoomCipher.open(
                seal(epoch1, "msg-0000000000000007", 1, TEXT), SESSION, keys, ADA_PHONE_SIGNING.publicKey()));
    }

    @Test
    void everyHeaderFieldTheCiphertextAndTheSignatureAreCoveredBySignature() {
        SealedMessage sealed = seal(epoch1, "msg-0000000000000008", 5, TEXT);
        MessageHeader h = sealed.header();

        assertTampered(sealed, header(h.sessionId(), 2, h.senderUserId(), h.senderDeviceId(), h.messageId(),
                h.counter(), h.nonce()), E2eeException.Reason.BAD_SIGNATURE);
        assertTampered(sealed, header(h.sessionId(), h.epoch(), CYD_PHONE.userId(), h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), E2eeException.Reason.BAD_SIGNATURE);
        assertTampered(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), ADA_PHONE.deviceId(),
                h.messageId(), h.counter(), h.nonce()), E2eeException.Reason.BAD_SIGNATURE);
        assertTampered(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                "msg-0000000000000009", h.counter(), h.nonce()), E2eeException.Reason.BAD_SIGNATURE);
        assertTampered(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), 6, h.nonce()), E2eeException.Reason.BAD_SIGNATURE);
        assertTampered(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), flip(h.nonce(), 11)), E2eeException.Reason.BAD_SIGNATURE);
        // the session and epoch are checked first: a rewritten one no longer matches what the receiver expects
        assertTampered(sealed, header(OTHER_SESSION, h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), E2eeException.Reason.WRONG_SESSION);
        assertTampered(sealed, header(h.sessionId(), 9, h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), E2eeException.Reason.UNKNOWN_EPOCH);

        for (int index : new int[] {0, TEXT.length / 2, TEXT.length, sealed.ciphertext().length - 1}) {
            SealedMessage altered = new SealedMessage(h, flip(sealed.ciphertext(), index), sealed.signature());
            assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> open(altered));
        }
        SealedMessage badSignature = new SealedMessage(h, sealed.ciphertext(), flip(sealed.signature(), 63));
        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> open(badSignature));
    }

    @Test
    void theCiphertextIsBoundToEveryHeaderFieldEvenUnderAValidSignature() {
        // The sender itself rewrites its header and signs again: the AES-GCM associated data still
        // catches it. For session and epoch the receiver holds the very same key bytes under the
        // rewritten session and epoch, so only the associated data differs.
        SealedMessage sealed = seal(epoch1, "msg-0000000000000010", 5, TEXT);
        MessageHeader h = sealed.header();
        RoomKey sameBytesEpoch2 = RoomKey.of(SESSION, 2, epoch1.keyBytes(), epoch1.createdAt());
        RoomKey sameBytesOtherSession = RoomKey.of(OTHER_SESSION, 1, epoch1.keyBytes(), epoch1.createdAt());

        assertResignedFails(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                "msg-0000000000000011", h.counter(), h.nonce()), SESSION, keys);
        assertResignedFails(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), 6, h.nonce()), SESSION, keys);
        assertResignedFails(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), flip(h.nonce(), 0)), SESSION, keys);
        assertResignedFails(sealed, header(h.sessionId(), h.epoch(), h.senderUserId(), "ada-tablet",
                h.messageId(), h.counter(), h.nonce()), SESSION, keys);
        assertResignedFails(sealed, header(h.sessionId(), h.epoch(), "ada-other-account-0000", h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), SESSION, keys);
        assertResignedFails(sealed, header(h.sessionId(), 2, h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), SESSION, RoomKeyLookup.of(sameBytesEpoch2));
        assertResignedFails(sealed, header(OTHER_SESSION, h.epoch(), h.senderUserId(), h.senderDeviceId(),
                h.messageId(), h.counter(), h.nonce()), OTHER_SESSION, RoomKeyLookup.of(sameBytesOtherSession));
        // and the ciphertext itself
        SealedMessage alteredCiphertext = resign(h, flip(sealed.ciphertext(), 3));
        assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> open(alteredCiphertext));
    }

    @Test
    void everySingleBitFlipOfAnEncodingIsRefused() throws Exception {
        byte[] encoded = seal(epoch1, "msg-0000000000000012", 1, TEXT).encode();

        for (int index = 0; index < encoded.length; index++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = encoded.clone();
                altered[index] ^= (byte) (1 << bit);
                int at = index;
                assertThrows(E2eeException.class, () -> open(SealedMessage.decode(altered)),
                        () -> "byte " + at + " altered was accepted");
            }
        }
        open(SealedMessage.decode(encoded));
    }

    @Test
    void aReplayedMessageIsRefusedAndOnlyAuthenticMessagesUseUpACounter() throws Exception {
        ReplayGuard guard = new InMemoryReplayGuard();
        SealedMessage first = seal(epoch1, "msg-0000000000000013", 1, TEXT);
        SealedMessage forgedSecond = RoomCipher.seal(epoch1, ADA_LAPTOP, "msg-0000000000000014", 2, TEXT,
                CYD_PHONE_SIGNING.privateKey(), random);
        SealedMessage second = seal(epoch1, "msg-0000000000000014", 2, TEXT);

        RoomCipher.open(first, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard);
        E2eeException replay = assertReason(E2eeException.Reason.REPLAYED,
                () -> RoomCipher.open(first, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard));
        assertEquals("This message was received before; the second copy was ignored.", replay.getMessage());
        assertReason(E2eeException.Reason.BAD_SIGNATURE,
                () -> RoomCipher.open(forgedSecond, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard));
        RoomCipher.open(second, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard);
        assertReason(E2eeException.Reason.REPLAYED,
                () -> RoomCipher.open(second, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard));
    }

    @Test
    void aReplayUnderAnotherMessageIdIsStillRefused() throws Exception {
        ReplayGuard guard = new InMemoryReplayGuard();
        RoomCipher.open(seal(epoch1, "msg-0000000000000015", 4, TEXT), SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(),
                guard);

        // the sender's own counter, reused by mistake or by a copied device, under a fresh message id
        SealedMessage sameCounter = seal(epoch1, "msg-0000000000000016", 4, TEXT);
        assertReason(E2eeException.Reason.REPLAYED,
                () -> RoomCipher.open(sameCounter, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey(), guard));
        // another device of the same account has its own counters
        RoomCipher.open(RoomCipher.seal(epoch1, ADA_PHONE, "msg-0000000000000017", 4, TEXT,
                ADA_PHONE_SIGNING.privateKey(), random), SESSION, keys, ADA_PHONE_SIGNING.publicKey(), guard);
    }

    @Test
    void plaintextDoesNotShowInToString() {
        SealedMessage sealed = seal(epoch1, "msg-0000000000000018", 1, TEXT);

        assertFalse(sealed.toString().contains("Climbing"));
        assertNotEquals(-1, sealed.toString().indexOf("msg-0000000000000018"));
        assertFalse(new OpenedMessage(sealed.header(), TEXT).toString().contains("Climbing"));
    }

    private SealedMessage seal(RoomKey key, String messageId, long counter, byte[] plaintext) {
        return RoomCipher.seal(key, ADA_LAPTOP, messageId, counter, plaintext, ADA_LAPTOP_SIGNING.privateKey(), random);
    }

    private OpenedMessage open(SealedMessage message) throws E2eeException {
        return RoomCipher.open(message, SESSION, keys, ADA_LAPTOP_SIGNING.publicKey());
    }

    private static MessageHeader header(String sessionId, long epoch, String userId, String deviceId, String messageId,
                                        long counter, byte[] nonce) {
        return new MessageHeader(MessageHeader.VERSION, sessionId, epoch, userId, deviceId, messageId, counter, nonce);
    }

    private void assertTampered(SealedMessage sealed, MessageHeader altered, E2eeException.Reason reason) {
        SealedMessage tampered = new SealedMessage(altered, sealed.ciphertext(), sealed.signature());
        assertReason(reason, () -> open(SealedMessage.decode(tampered.encode())));
    }

    private void assertResignedFails(SealedMessage sealed, MessageHeader altered, String sessionId,
                                     RoomKeyLookup lookup) {
        SealedMessage resigned = resign(altered, sealed.ciphertext());
        assertReason(E2eeException.Reason.DECRYPT_FAILED,
                () -> RoomCipher.open(resigned, sessionId, lookup, ADA_LAPTOP_SIGNING.publicKey()));
    }

    private static SealedMessage resign(MessageHeader header, byte[] ciphertext) {
        byte[] signature = Ed25519.sign(ADA_LAPTOP_SIGNING.privateKey(),
                RoomCipher.signedBytes(header.encode(), ciphertext));
        return new SealedMessage(header, ciphertext, signature);
    }

    static E2eeException assertReason(E2eeException.Reason reason, Attempt attempt) {
        E2eeException e = assertThrows(E2eeException.class, attempt::run);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }
}
