package chat.mz.protocol.mailbox;

/**
 * Result of {@code SyncMailbox}.
 *
 * @param payload   what the other side posted, delivered this once; null means "no data yet: call
 *                  again"
 * @param expiresAt when the session ends, in milliseconds since the epoch
 */
public record SyncMailboxResult(byte[] payload, long expiresAt) {
    public boolean hasPayload() {
        return payload != null;
    }
}
