package chat.mz.protocol.sync;

/**
 * One timeline entry of a history batch, as the sending device stored it: only entries the
 * homeserver numbered travel (nothing pending).
 *
 * @param senderDeviceId null for a system line
 * @param senderName     null for a system line
 * @param kind           {@code TEXT} or {@code SYSTEM}
 * @param state          {@code SENT}, {@code DELIVERED} or {@code FAILED}, as the history names it
 * @param protection     {@code PLAIN}, {@code ENCRYPTED} or {@code UNREADABLE}; the text is the
 *                       plaintext the sending device read, or its explanation when it could not
 */
public record HistoryEntry(String sessionId, long seq, String messageId, String senderUserId, String senderDeviceId,
                           String senderName, String kind, String text, long serverTime, boolean outgoing,
                           String state, String protection) {
    public HistoryEntry {
        SyncChecks.requireId(sessionId, "session id");
        if (seq < 1) {
            throw new IllegalArgumentException("a history entry has a seq of 1 or more");
        }
        if (messageId == null || messageId.isEmpty() || messageId.length() > 200 || senderUserId == null
                || kind == null || text == null || state == null || protection == null) {
            throw new IllegalArgumentException("a history entry lacks one of its fields");
        }
    }
}
