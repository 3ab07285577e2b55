package chat.mz.testing;

import java.util.Arrays;

/**
 * Looks for bytes inside other bytes: how the tests check that a secret (a key, a plaintext, a
 * passphrase) is not in a file, a database or a frame, after checking that the same search finds
 * something that is meant to be there.
 */
public final class ByteScan {
    private ByteScan() {
    }

    /** Whether {@code needle} occurs in {@code haystack}; an empty needle is found everywhere. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
