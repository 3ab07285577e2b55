package chat.mz.ui.chats;

import java.util.Objects;

/**
 * Someone looked up by username, their identity key checked.
 *
 * @param keyCheck     how the key compares with the one seen before
 * @param safetyNumber what both people compare, in person or on a call, to be sure of each other
 */
public record CheckedContact(String userId, String username, KeyCheck keyCheck, String safetyNumber) {

    /** How the identity key compares with the one this account saw before. */
    public enum KeyCheck {
        /** Never seen before: it is remembered now. */
        FIRST_SEEN,
        /** The same as before. */
        SAME,
        /** Different from before: a new phone, or someone in between. */
        CHANGED
    }

    public CheckedContact {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(keyCheck, "keyCheck");
        Objects.requireNonNull(safetyNumber, "safetyNumber");
    }
}
