package chat.mz.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The number two users compare (read aloud, or side by side) to know that each has the other's real
 * identity key K_id and not one the homeserver slipped in. Each user's half is 30 digits from an
 * iterated SHA-512 of their K_id and user id; the halves are put in user-id order, so both users see
 * the same 60 digits. Any change of either K_id changes the number. Iterating makes finding another
 * key with the same half a search of about 2^100 times 5,200 hashes.
 */
public final class SafetyNumber {
    static final int ITERATIONS = 5200;
    private static final byte[] LABEL = "mzchat safety number v1".getBytes(StandardCharsets.UTF_8);

    private SafetyNumber() {
    }

    /** 60 digits in twelve groups of five, e.g. {@code 05213 88120 …}. */
    public static String of(String userIdA, byte[] rootKeyA, String userIdB, byte[] rootKeyB) {
        Objects.requireNonNull(userIdA, "userIdA");
        Objects.requireNonNull(userIdB, "userIdB");
        String a = half(userIdA, rootKeyA);
        String b = half(userIdB, rootKeyB);
        String digits = userIdA.compareTo(userIdB) <= 0 ? a + b : b + a;
        StringBuilder grouped = new StringBuilder(digits.length() + 12);
        for (int i = 0; i < digits.length(); i += 5) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(digits, i, i + 5);
        }
        return grouped.toString();
    }

    private static String half(String userId, byte[] rootKey) {
        Objects.requireNonNull(rootKey, "rootKey");
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            byte[] id = userId.getBytes(StandardCharsets.UTF_8);
            sha512.update(LABEL);
            sha512.update(rootKey);
            sha512.update(id);
            byte[] hash = sha512.digest();
            for (int i = 1; i < ITERATIONS; i++) {
                sha512.update(hash);
                sha512.update(rootKey);
                hash = sha512.digest();
            }
            StringBuilder digits = new StringBuilder(30);
            for (int chunk = 0; chunk < 6; chunk++) {
                long value = 0;
                for (int i = 0; i < 5; i++) {
                    value = (value << 8) | (hash[chunk * 5 + i] & 0xff);
                }
                digits.append(String.format("%05d", value % 100_000));
            }
            return digits.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }
}
