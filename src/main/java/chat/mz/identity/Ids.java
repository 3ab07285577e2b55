package chat.mz.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The shapes of ids and short labels in signed statements, checked where they are made. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    /** A new random id: 128 bits, URL-safe. */
    public static String random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void requireId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the " + what + " must be 1 to 64 URL-safe characters");
        }
    }

    static String requireLabel(String label, String what, int maxLength) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is missing");
        }
        String trimmed = label.strip();
        if (trimmed.length() > maxLength || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must be at most " + maxLength
                    + " characters without control characters");
        }
        return trimmed;
    }
}
