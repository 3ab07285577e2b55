package chat.mz.ui.chats;

/**
 * One row of the open conversation: a day separator, a message, or a system line.
 *
 * @param key            stable across updates: the message id, or the day for a separator
 * @param sender         shown above incoming messages in groups; empty otherwise
 * @param time           "14:05"; empty for separators
 * @param status         for own messages: "Sending…", "Sent", "Delivered", "Not sent: …"; empty otherwise
 * @param failed         an own message the homeserver refused
 * @param accessibleText what a screen reader says for the row
 */
public record MessageRow(String key, Kind kind, String sender, String text, String time, boolean outgoing,
                         String status, boolean failed, String accessibleText) {

    /** What a row is. */
    public enum Kind {
        DAY, MESSAGE, SYSTEM
    }
}
