package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HkdfTest {
    private final byte[] secret = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private final byte[] info = "mzchat pairing v1".getBytes(StandardCharsets.UTF_8);

    /** RFC 5869 appendix A.1. */
    @Test
    void rfc5869TestCase1() {
        assertArrayEquals(
                hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.derive(hex("000102030405060708090a0b0c"), secret, hex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    /** RFC 5869 appendix A.3: no salt, no info. */
    @Test
    void rfc5869TestCase3WithAbsentSaltAndInfo() {
        byte[] expected = hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertArrayEquals(expected, Hkdf.derive(null, secret, null, 42));
        assertArrayEquals(expected, Hkdf.derive(new byte[0], secret, new byte[0], 42));
        assertArrayEquals(expected, Hkdf.derive(new byte[32], secret, null, 42), "absent salt = 32 zero bytes");
    }

    @Test
    void differentInfoGivesIndependentKeys() {
        byte[] a = Hkdf.derive(null, secret, info, 32);
        byte[] b = Hkdf.derive(null, secret, "mzchat check code v1".getBytes(StandardCharsets.UTF_8), 32);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void shorterOutputIsAPrefixOfLongerOutput() {
        byte[] longer = Hkdf.derive(null, secret, info, 64);
        assertArrayEquals(Arrays.copyOf(longer, 32), Hkdf.derive(null, secret, info, 32));
    }

    @Test
    void lengthIsLimitedTo255Blocks() {
        assertEquals(8160, Hkdf.MAX_LENGTH);
        assertEquals(8160, Hkdf.derive(null, secret, info, Hkdf.MAX_LENGTH).length);
        assertEquals(0, Hkdf.derive(null, secret, info, 0).length);
        assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(null, secret, info, Hkdf.MAX_LENGTH + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(null, secret, info, -1));
    }

    @Test
    void inputsAreNotModified() {
        byte[] salt = {1, 2, 3};
        byte[] ikm = secret.clone();
        byte[] infoCopy = info.clone();
        Hkdf.derive(salt, ikm, infoCopy, 100);
        assertArrayEquals(new byte[] {1, 2, 3}, salt);
        assertArrayEquals(secret, ikm);
        assertArrayEquals(info, infoCopy);
    }
}
