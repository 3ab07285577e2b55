package chat.mz.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a conversation's timeline: a message or a system line ("Ada joined").
 *
 * @param sessionId      the conversation
 * @param seq            its place in the conversation as given by the homeserver; null while pending
 * @param messageId      the id the sending device gave it, unique per sender within the conversation
 * @param senderUserId   who wrote it
 * @param senderDeviceId from which device, null for system lines
 * @param senderName     the sender's name as shown, null for system lines
 * @param text           the text (for system lines, the line as shown)
 * @param serverTime     when the homeserver accepted it; null while pending
 * @param createdAt      when it was written (outgoing) or received (incoming)
 * @param outgoing       written by this account
 * @param protection     whether it was end-to-end encrypted, or could not be read on this device
 */
public record Entry(String sessionId, Long seq, String messageId, String senderUserId, String senderDeviceId,
                    String senderName, Kind kind, String text, Instant serverTime, Instant createdAt,
                    boolean outgoing, DeliveryState state, Protection protection) {

    /**
     * What an entry is. Only {@link #TEXT} entries count as unread and can be searched (unless
     * {@link Protection#UNREADABLE}).
     */
    public enum Kind {
        TEXT, SYSTEM
    }

    public Entry {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderUserId, "senderUserId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(protection, "protection");
    }

    /** An entry sent and received in the clear ({@link Protection#PLAIN}). */
    public Entry(String sessionId, Long seq, String messageId, String senderUserId, String senderDeviceId,
                 String senderName, Kind kind, String text, Instant serverTime, Instant createdAt,
                 boolean outgoing, DeliveryState state) {
        this(sessionId, seq, messageId, senderUserId, senderDeviceId, senderName, kind, text, serverTime, createdAt,
                outgoing, state, Protection.PLAIN);
    }

    /** This entry with another text and protection: for a message decrypted once its key arrived. */
    public Entry withText(String text, Protection protection) {
        return new Entry(sessionId, seq, messageId, senderUserId, senderDeviceId, senderName, kind, text, serverTime,
                createdAt, outgoing, state, protection);
    }

    /** Whether its text goes into the search index: an unreadable entry's text is only an explanation. */
    boolean searchable() {
        return kind == Kind.TEXT && protection != Protection.UNREADABLE;
    }

    /** The time it sorts by in search results: the homeserver's, else the local one. */
    Instant sortTime() {
        return serverTime != null ? serverTime : createdAt;
    }
}
