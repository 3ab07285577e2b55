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
 * @param mark           the message's encryption mark
 * @param sentFrom       "Sent from Ada's phone" under this account's messages sent from another of its
 *                       devices; empty otherwise
 */
public record MessageRow(String key, Kind kind, String sender, String text, String time, boolean outgoing,
                         String status, boolean failed, String accessibleText, Mark mark, String sentFrom) {

    /** A row without an encryption mark. */
    public MessageRow(String key, Kind kind, String sender, String text, String time, boolean outgoing,
                      String status, boolean failed, String accessibleText) {
        this(key, kind, sender, text, time, outgoing, status, failed, accessibleText, Mark.NONE);
    }

    /** A row that names no device. */
    public MessageRow(String key, Kind kind, String sender, String text, String time, boolean outgoing,
                      String status, boolean failed, String accessibleText, Mark mark) {
        this(key, kind, sender, text, time, outgoing, status, failed, accessibleText, mark, "");
    }

    public MessageRow {
        mark = mark == null ? Mark.NONE : mark;
        sentFrom = sentFrom == null ? "" : sentFrom;
    }

    /**
     * What the small mark beside a message's time says: nothing (plain messages in a plain
     * conversation, day separators and system lines), a lock, "not encrypted" for a plain message in a
     * conversation whose encryption is on, or a warning for a message that could not be opened.
     */
    public enum Mark {
        NONE(""),
        ENCRYPTED("End-to-end encrypted and verified"),
        NOT_ENCRYPTED("Not encrypted: the homeserver could read this message"),
        UNREADABLE("Could not be decrypted or verified on this device");

        private final String description;

        Mark(String description) {
            this.description = description;
        }

        /** What the mark means, for its tooltip and for screen readers; empty for {@link #NONE}. */
        public String description() {
            return description;
        }
    }

    /** What a row is. */
    public enum Kind {
        DAY, MESSAGE, SYSTEM
    }
}
