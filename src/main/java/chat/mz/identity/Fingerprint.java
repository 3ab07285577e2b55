package chat.mz.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests that name keys and certificates, and their short form for people to compare. */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first 16 bytes of the key's SHA-256 in groups of four hex digits: {@code 3F2A 9C1B …}. */
    public static String ofKey(byte[] publicKey) {
        String hex = HexFormat.of().withUpperCase().formatHex(sha256(publicKey), 0, 16);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(hex, i, i + 4);
        }
        return grouped.toString();
    }
}
