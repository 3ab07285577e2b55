package chat.mz.protocol.sync;

import java.util.regex.Pattern;

/** The field rules the sync records share. */
final class SyncChecks {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SyncChecks() {
    }

    static void requireId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the " + what + " must be 1 to 64 URL-safe characters");
        }
    }

    static byte[] key32(byte[] key, String what) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException(what + " is 32 bytes");
        }
        return key.clone();
    }
}
