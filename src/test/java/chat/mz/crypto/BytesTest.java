package chat.mz.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void constantTimeEqualsComparesContentAndLength() {
        assertTrue(Bytes.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
        assertTrue(Bytes.constantTimeEquals(new byte[0], new byte[0]));
        assertFalse(Bytes.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
        assertFalse(Bytes.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2}));
        assertFalse(Bytes.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 2, 3}));
    }

    @Test
    void nullIsNeverEqual() {
        assertFalse(Bytes.constantTimeEquals(null, new byte[0]));
        assertFalse(Bytes.constantTimeEquals(new byte[0], null));
        assertFalse(Bytes.constantTimeEquals(null, null));
    }

    @Test
    void wipeZeroesBytes() {
        byte[] secret = {1, 2, 3, -1};
        Bytes.wipe(secret);
        assertArrayEquals(new byte[4], secret);
    }

    @Test
    void wipeZeroesChars() {
        char[] passphrase = "hunter2".toCharArray();
        Bytes.wipe(passphrase);
        assertArrayEquals(new char[7], passphrase);
    }

    @Test
    void wipeIgnoresNull() {
        assertDoesNotThrow(() -> Bytes.wipe((byte[]) null));
        assertDoesNotThrow(() -> Bytes.wipe((char[]) null));
    }
}
