package chat.mz.ui.chats;

import java.util.Objects;

/**
 * A member of the open conversation whose identity key is not the one first seen for them: a new
 * phone, or someone in between. Stays until the user says they compared the safety number.
 *
 * @param safetyNumber the safety number with their new key, to compare with theirs
 */
public record KeyChange(String userId, String username, String safetyNumber) {
    public KeyChange {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(safetyNumber, "safetyNumber");
    }
}
