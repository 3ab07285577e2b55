package chat.mz.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/** Small helpers for handling secret bytes. */
public final class Bytes {
    private Bytes() {
    }

    /**
     * Compares two arrays in time that depends only on their lengths, never on where they first
     * differ, so comparing a MAC or a check code leaks nothing through timing.
     *
     * @return {@code true} if both are non-null, of equal length and equal content; {@code false}
     *         otherwise (two nulls are not "equal secrets")
     */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        // documented since JDK 6u17 to take time depending only on the length, not the content
        return MessageDigest.isEqual(a, b);
    }

    /** Overwrites the array with zeros; {@code null} is ignored so callers can wipe in finally blocks. */
    public static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Overwrites the array with zeros; {@code null} is ignored so callers can wipe in finally blocks. */
    public static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** {@code bytes} itself, or an empty array for {@code null} (the "null means empty" convention). */
    static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    static void requireLength(byte[] bytes, int length, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, not " + bytes.length);
        }
    }
}
