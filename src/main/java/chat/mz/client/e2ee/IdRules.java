package chat.mz.client.e2ee;

import java.util.regex.Pattern;

/**
 * The shape of the ids inside encrypted messages and sealed room keys: 1 to 64 URL-safe ASCII
 * characters, the rule user, device, session and message ids all follow. Being ASCII, an id is its
 * own byte encoding, which keeps the binary formats canonical.
 */
final class IdRules {
    static final int MAX_ID_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}");

    private IdRules() {
    }

    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String requireId(String id, String what) {
        if (!isId(id)) {
            throw new IllegalArgumentException("the " + what + " must be 1 to " + MAX_ID_LENGTH
                    + " URL-safe characters");
        }
        return id;
    }
}
