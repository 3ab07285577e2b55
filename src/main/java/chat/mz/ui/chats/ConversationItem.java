package chat.mz.ui.chats;

import java.time.Instant;
import java.util.Objects;

/**
 * One conversation as the list shows it.
 *
 * @param id           the conversation's id
 * @param name         the group's name, or the other person's for a 1:1 chat
 * @param direct       true for a 1:1 chat
 * @param preview      the start of the newest entry, empty when there is none
 * @param lastActivity when something last happened in it
 * @param unread       incoming messages not yet seen
 * @param active       false once this account left or was removed: it can be read, not written to
 * @param encrypted    its end-to-end encryption is on
 */
public record ConversationItem(String id, String name, boolean direct, String preview, Instant lastActivity,
                               int unread, boolean active, boolean encrypted) {

    /** A conversation without end-to-end encryption. */
    public ConversationItem(String id, String name, boolean direct, String preview, Instant lastActivity,
                            int unread, boolean active) {
        this(id, name, direct, preview, lastActivity, unread, active, false);
    }

    public ConversationItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastActivity, "lastActivity");
        preview = preview == null ? "" : preview;
    }
}
