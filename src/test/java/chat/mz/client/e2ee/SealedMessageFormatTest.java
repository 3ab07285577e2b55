package chat.mz.client.e2ee;

import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP_SIGNING;
import static chat.mz.client.e2ee.Fixtures.SESSION;
import static chat.mz.client.e2ee.Fixtures.roomKey;
import static chat.mz.client.e2ee.Fixtures.seeded;
import static chat.mz.client.e2ee.RoomCipherTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Ed25519;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The binary format of a sealed message, byte by byte, and what decoding refuses. */
class SealedMessageFormatTest {
    private static final byte[] NONCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    private final RoomKey key = roomKey(SESSION, 1, 21);

    @Test
    void theLayoutIsTheDocumentedOne() throws Exception {
        SealedMessage sealed = RoomCipher.seal(key, ADA_LAPTOP, "msg-0000000000000001", 258, new byte[5],
                ADA_LAPTOP_SIGNING.privateKey(), seeded(1));
        byte[] encoded = sealed.encode();
        ByteBuffer in = ByteBuffer.wrap(encoded);

        assertEquals(1, in.get());
        assertEquals(SESSION, id(in));
        assertEquals(1, in.getLong());
        assertEquals(ADA_LAPTOP.userId(), id(in));
        assertEquals(ADA_LAPTOP.deviceId(), id(in));
        assertEquals("msg-0000000000000001", id(in));
        assertEquals(258, in.getLong());
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        in.get(nonce);
        assertArrayEquals(sealed.header().nonce(), nonce);
        int headerBytes = in.position();
        assertArrayEquals(sealed.header().encode(), Arrays.copyOf(encoded, headerBytes));
        byte[] ciphertext = new byte[5 + AesGcm.TAG_BYTES];
        in.get(ciphertext);
        assertArrayEquals(sealed.ciphertext(), ciphertext);
        byte[] signature = new byte[Ed25519.SIGNATURE_BYTES];
        in.get(signature);
        assertEquals(0, in.remaining());

        byte[] signed = ByteBuffer.allocate(22 + headerBytes + ciphertext.length)
                .put("mzchat room message v1".getBytes(StandardCharsets.US_ASCII))
                .put(encoded, 0, headerBytes).put(ciphertext).array();
        assertEquals(true, Ed25519.verify(ADA_LAPTOP_SIGNING.publicKey(), signed, signature));
        assertArrayEquals(new byte[5],
                AesGcm.open(key.keyBytes(), nonce, ciphertext, Arrays.copyOf(encoded, headerBytes)));
    }

    @Test
    void encodingIsCanonical() throws Exception {
        byte[] encoded = sealed(10).encode();

        assertArrayEquals(encoded, SealedMessage.decode(encoded).encode());
    }

    @Test
    void theLargestMessageFitsTheStatedCaps() {
        SealedMessage largest = new SealedMessage(new MessageHeader(1, "s".repeat(64), Long.MAX_VALUE, "u".repeat(64),
                "d".repeat(64), "m".repeat(64), Long.MAX_VALUE, NONCE),
                new byte[SealedMessage.MAX_CIPHERTEXT_BYTES], new byte[64]);

        assertEquals(SealedMessage.MAX_ENCODED_BYTES, largest.encode().length);
        assertEquals(16_753, SealedMessage.MAX_ENCODED_BYTES);
        assertEquals(SealedMessage.MAX_BASE64_CHARS, largest.toBase64().length());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] empty = sealed(0).encode();
        for (int length = 0; length < empty.length; length++) {
            byte[] truncated = Arrays.copyOf(empty, length);
            assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(truncated));
        }
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(null));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.fromBase64(""));

        // the ciphertext runs up to the signature, so a message cut by less than its plaintext's
        // length still parses; the signature, over the lost bytes too, refuses it
        byte[] encoded = sealed(3).encode();
        RoomKeyLookup keys = RoomKeyLookup.of(key);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(E2eeException.class, () -> RoomCipher.open(SealedMessage.decode(truncated), SESSION, keys,
                    ADA_LAPTOP_SIGNING.publicKey()));
        }
    }

    @Test
    void anUnknownVersionIsRefusedAsSuch() {
        byte[] encoded = sealed(3).encode();
        encoded[0] = 2;

        E2eeException e = assertReason(E2eeException.Reason.UNSUPPORTED_VERSION, () -> SealedMessage.decode(encoded));
        assertEquals("The encrypted message is of version 2, which this app does not know.", e.getMessage());
        encoded[0] = 0;
        assertReason(E2eeException.Reason.UNSUPPORTED_VERSION, () -> SealedMessage.decode(encoded));
    }

    @Test
    void oversizedMessagesAreRefusedBeforeParsing() {
        byte[] tooLong = new byte[SealedMessage.MAX_ENCODED_BYTES + 1];
        tooLong[0] = 1;
        assertReason(E2eeException.Reason.TOO_LARGE, () -> SealedMessage.decode(tooLong));
        assertReason(E2eeException.Reason.TOO_LARGE,
                () -> SealedMessage.fromBase64("A".repeat(SealedMessage.MAX_BASE64_CHARS + 4)));

        // short ids leave room under the total cap for a ciphertext above its own cap
        byte[] header = sealed(1).header().encode();
        byte[] bigCiphertext = new byte[header.length + SealedMessage.MAX_CIPHERTEXT_BYTES + 1 + 64];
        System.arraycopy(header, 0, bigCiphertext, 0, header.length);
        assertReason(E2eeException.Reason.TOO_LARGE, () -> SealedMessage.decode(bigCiphertext));
    }

    @Test
    void fieldsOutOfRangeAreMalformed() {
        byte[] encoded = sealed(3).encode();
        int epochAt = 1 + 1 + SESSION.length();

        assertMalformedWith(encoded, epochAt, new byte[8]);                           // epoch 0
        assertMalformedWith(encoded, epochAt, new byte[] {-128, 0, 0, 0, 0, 0, 0, 1}); // negative epoch
        assertMalformedWith(encoded, 2, "climbing group!".getBytes(StandardCharsets.US_ASCII)); // not URL-safe
        byte[] noSession = encoded.clone();
        noSession[1] = 0;
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(noSession));
        byte[] longSession = encoded.clone();
        longSession[1] = 65;
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(longSession));

        int counterAt = sealed(3).header().encode().length - AesGcm.NONCE_BYTES - 8;
        assertMalformedWith(encoded, counterAt, new byte[8]);                         // counter 0
        assertMalformedWith(encoded, counterAt, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
    }

    @Test
    void aCiphertextShorterThanItsTagIsMalformed() {
        byte[] header = sealed(0).header().encode();
        byte[] shortOne = new byte[header.length + AesGcm.TAG_BYTES - 1 + Ed25519.SIGNATURE_BYTES];
        System.arraycopy(header, 0, shortOne, 0, header.length);

        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(shortOne));
        assertThrows(IllegalArgumentException.class, () -> new SealedMessage(sealed(0).header(), new byte[15],
                new byte[64]));
    }

    @Test
    void textThatIsNotBase64IsMalformed() {
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.fromBase64("not base64!"));
        String urlSafe = Base64.getUrlEncoder().encodeToString(new byte[] {-5, -1, -2});
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.fromBase64(urlSafe));
    }

    private SealedMessage sealed(int plaintextBytes) {
        return RoomCipher.seal(key, ADA_LAPTOP, "msg-0000000000000002", 1, new byte[plaintextBytes],
                ADA_LAPTOP_SIGNING.privateKey(), seeded(2));
    }

    private static void assertMalformedWith(byte[] encoded, int at, byte[] replacement) {
        byte[] altered = encoded.clone();
        System.arraycopy(replacement, 0, altered, at, replacement.length);
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedMessage.decode(altered));
    }

    private static String id(ByteBuffer in) {
        byte[] id = new byte[in.get()];
        in.get(id);
        return new String(id, StandardCharsets.US_ASCII);
    }
}
