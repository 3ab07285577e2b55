package chat.mz.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A conversation's room key for one epoch, as this device keeps it: every message of that epoch is
 * encrypted under it, so it must outlive the epoch for the history to stay readable. The key bytes
 * are copied in and out, so no caller can change the stored key through an array it holds, and
 * {@link #toString()} never shows them.
 *
 * @param sessionId    the conversation
 * @param epoch        which key it is; epochs count up from 1
 * @param key          the 32 key bytes
 * @param createdAt    when the device that made it made it
 * @param fromUserId   who made it
 * @param fromDeviceId on which device
 * @param confirmed    whether it is known to be the epoch's key; false for a key this device made and
 *                     offered, until the homeserver has accepted it
 */
public record StoredRoomKey(String sessionId, long epoch, byte[] key, Instant createdAt, String fromUserId,
                            String fromDeviceId, boolean confirmed) {
    /** The size of a room key. */
    public static final int KEY_BYTES = 32;

    public StoredRoomKey {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(fromUserId, "fromUserId");
        Objects.requireNonNull(fromDeviceId, "fromDeviceId");
        if (epoch < 1) {
            throw new IllegalArgumentException("room key epochs start at 1: " + epoch);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a room key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        key = key.clone();
    }

    /** A copy of the key bytes; the caller may wipe it. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRoomKey that && sessionId.equals(that.sessionId) && epoch == that.epoch
                && Arrays.equals(key, that.key) && createdAt.equals(that.createdAt)
                && fromUserId.equals(that.fromUserId) && fromDeviceId.equals(that.fromDeviceId)
                && confirmed == that.confirmed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, epoch, Arrays.hashCode(key), createdAt, fromUserId, fromDeviceId, confirmed);
    }

    /** Without the key bytes: this may end up in a log. */
    @Override
    public String toString() {
        return "StoredRoomKey[sessionId=" + sessionId + ", epoch=" + epoch + ", key=(hidden), createdAt=" + createdAt
                + ", fromUserId=" + fromUserId + ", fromDeviceId=" + fromDeviceId + ", confirmed=" + confirmed + "]";
    }
}
