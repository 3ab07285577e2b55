package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.bytes;
import static chat.mz.crypto.TestRandom.flip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AesGcmTest {
    private final SecureRandom random = TestRandom.seeded(1);
    private final byte[] key = AesGcm.generateKey(random);
    private final byte[] nonce = AesGcm.newNonce(random);
    private final byte[] aad = "group 7 | key v3 | device 42".getBytes(StandardCharsets.UTF_8);
    private final byte[] plaintext = "hello, room".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 1000, 65_536})
    void roundTripsEveryLength(int length) throws CryptoException {
        byte[] message = bytes(random, length);
        byte[] sealed = AesGcm.seal(key, nonce, message, aad);
        assertEquals(length + AesGcm.TAG_BYTES, sealed.length);
        assertArrayEquals(message, AesGcm.open(key, nonce, sealed, aad));
    }

    @Test
    void nullAssociatedDataMeansEmpty() throws CryptoException {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, null);
        assertArrayEquals(sealed, AesGcm.seal(key, nonce, plaintext, new byte[0]));
        assertArrayEquals(plaintext, AesGcm.open(key, nonce, sealed, new byte[0]));
        assertArrayEquals(plaintext, AesGcm.open(key, nonce, sealed, null));
    }

    @Test
    void ciphertextHidesThePlaintext() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        assertFalse(Arrays.equals(plaintext, Arrays.copyOf(sealed, plaintext.length)));
    }

    @Test
    void anotherNonceGivesAnotherCiphertext() {
        assertFalse(Arrays.equals(AesGcm.seal(key, nonce, plaintext, aad),
                AesGcm.seal(key, AesGcm.newNonce(random), plaintext, aad)));
    }

    @Test
    void flippingAnyByteOfCiphertextOrTagIsDetected() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = flip(sealed, i);
            assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, tampered, aad), "byte " + i);
        }
    }

    @Test
    void flippingAnyByteOfTheNonceIsDetected() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        for (int i = 0; i < nonce.length; i++) {
            byte[] otherNonce = flip(nonce, i);
            assertThrows(CryptoException.class, () -> AesGcm.open(key, otherNonce, sealed, aad), "byte " + i);
        }
    }

    @Test
    void flippingAnyByteOfTheAssociatedDataIsDetected() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        for (int i = 0; i < aad.length; i++) {
            byte[] otherAad = flip(aad, i);
            assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, sealed, otherAad), "byte " + i);
        }
        assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, sealed, null), "dropped");
        assertThrows(CryptoException.class,
                () -> AesGcm.open(key, nonce, sealed, Arrays.copyOf(aad, aad.length + 1)), "extended");
    }

    @Test
    void wrongKeyIsDetected() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        assertThrows(CryptoException.class, () -> AesGcm.open(AesGcm.generateKey(random), nonce, sealed, aad));
        for (int i = 0; i < key.length; i++) {
            byte[] otherKey = flip(key, i);
            assertThrows(CryptoException.class, () -> AesGcm.open(otherKey, nonce, sealed, aad), "byte " + i);
        }
    }

    @Test
    void truncatedOrExtendedInputIsDetected() {
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, truncated, aad), length + " bytes");
        }
        byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);
        assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, extended, aad));
    }

    @ParameterizedTest(name = "{0}-byte key")
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void publicMethodsRefuseAnyKeyButAes256(int length) {
        byte[] badKey = new byte[length];
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(badKey, nonce, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.open(badKey, nonce, sealed, aad));
    }

    @ParameterizedTest(name = "{0}-byte nonce")
    @ValueSource(ints = {0, 8, 11, 13, 16})
    void publicMethodsRefuseAnyNonceBut96Bits(int length) {
        byte[] badNonce = new byte[length];
        byte[] sealed = AesGcm.seal(key, nonce, plaintext, aad);
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, badNonce, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.open(key, badNonce, sealed, aad));
    }

    @Test
    void missingKeyOrNonceIsAnArgumentError() {
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(null, nonce, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, null, plaintext, aad));
    }

    @Test
    void generalPathRefusesEmptyNonceAndShortTags() {
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, new byte[0], 16, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, nonce, 8, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, nonce, 17, plaintext, aad));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(new byte[20], nonce, 16, plaintext, aad));
    }

    @Test
    void generalPathWithShorterTagRoundTripsAndDetectsTampering() throws CryptoException {
        byte[] sealed = AesGcm.seal(key, nonce, 12, plaintext, aad);
        assertEquals(plaintext.length + 12, sealed.length);
        assertArrayEquals(plaintext, AesGcm.open(key, nonce, 12, sealed, aad));
        assertThrows(CryptoException.class, () -> AesGcm.open(key, nonce, 12, flip(sealed, sealed.length - 1), aad));
    }

    @Test
    void generatedKeysAndNoncesHaveTheRightSizeAndComeFromTheGivenRandom() {
        assertEquals(AesGcm.KEY_BYTES, AesGcm.generateKey(random).length);
        assertEquals(AesGcm.NONCE_BYTES, AesGcm.newNonce(random).length);
        assertArrayEquals(AesGcm.generateKey(TestRandom.seeded(9)), AesGcm.generateKey(TestRandom.seeded(9)));
    }
}
