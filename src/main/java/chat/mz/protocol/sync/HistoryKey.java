package chat.mz.protocol.sync;

/**
 * A room key as devices of one account hand it to each other (in history batches and key relays):
 * the key itself, inside a sealed sync event, with who made it.
 */
public record HistoryKey(String sessionId, long epoch, byte[] key, long createdAt, String fromUserId,
                         String fromDeviceId) {
    public HistoryKey {
        SyncChecks.requireId(sessionId, "session id");
        if (epoch < 1) {
            throw new IllegalArgumentException("a room key's epoch is 1 or more");
        }
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a room key is 32 bytes");
        }
        key = key.clone();
        SyncChecks.requireId(fromUserId, "user id");
        SyncChecks.requireId(fromDeviceId, "device id");
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HistoryKey that && sessionId.equals(that.sessionId) && epoch == that.epoch
                && java.util.Arrays.equals(key, that.key) && createdAt == that.createdAt
                && fromUserId.equals(that.fromUserId) && fromDeviceId.equals(that.fromDeviceId);
    }

    @Override
    public int hashCode() {
        return sessionId.hashCode() * 31 + Long.hashCode(epoch);
    }

    @Override
    public String toString() {
        return "HistoryKey[" + sessionId + ", epoch " + epoch + "]";
    }
}
