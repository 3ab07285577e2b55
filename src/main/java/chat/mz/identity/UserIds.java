package chat.mz.identity;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Account ids and usernames. An account's id is derived from its root identity key (the first 128
 * bits of its SHA-256, URL-safe), so the id itself vouches for the key: a server cannot hand out
 * another key under the same id, and a device certificate can name its account before the server
 * has ever seen it.
 */
public final class UserIds {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");

    private UserIds() {
    }

    public static String fromRootKey(byte[] rootPublicKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(Fingerprint.sha256(rootPublicKey), 16));
    }

    /** Usernames are compared in lower case. */
    public static String normalizeUsername(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code username} (normalized) is acceptable, else why not, in plain words. */
    public static String usernameProblem(String username) {
        String normalized = normalizeUsername(username);
        if (USERNAME.matcher(normalized).matches()) {
            return null;
        }
        return "A username has 3 to 32 characters: letters, digits, dots, dashes and underscores, "
                + "starting with a letter or digit.";
    }
}
