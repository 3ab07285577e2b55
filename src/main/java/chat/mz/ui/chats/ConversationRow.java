package chat.mz.ui.chats;

/**
 * A conversation's line in the list.
 *
 * @param time           when it was last active, short: "14:05", "Mon", "3 Nov"
 * @param unread         how many messages are unread; 0 shows no badge
 * @param accessibleText what a screen reader says for the line
 * @param encrypted      its end-to-end encryption is on
 */
public record ConversationRow(String id, String name, String preview, String time, int unread, boolean direct,
                              boolean active, String accessibleText, boolean encrypted) {
}
