package chat.mz.client.e2ee;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Bytes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One epoch of a session's room key: the AES-256-GCM key every member device encrypts that
 * session's messages under until the next re-key. Epochs count from 1; a device keeps the keys of
 * past epochs so old messages stay readable.
 *
 * <p>Immutable: the key bytes are copied in and out, so no caller can change or wipe the copy held
 * here. {@code toString} never shows them, so a key that ends up in a log line leaks nothing.
 * {@code equals} compares everything, the key bytes in constant time.
 */
public final class RoomKey {
    public static final int KEY_BYTES = AesGcm.KEY_BYTES;

    private final String sessionId;
    private final long epoch;
    private final byte[] key;
    private final Instant createdAt;

    private RoomKey(String sessionId, long epoch, byte[] key, Instant createdAt) {
        this.sessionId = IdRules.requireId(sessionId, "session id");
        if (epoch < 1) {
            throw new IllegalArgumentException("room key epochs start at 1, not " + epoch);
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a room key is " + KEY_BYTES + " bytes");
        }
        this.epoch = epoch;
        this.key = key.clone();
        // milliseconds are what a sealed room key carries, so a key survives sealing unchanged
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A new random key for {@code epoch} of {@code sessionId}, created now by {@code clock}. */
    public static RoomKey create(String sessionId, long epoch, SecureRandom random, Clock clock) {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        byte[] key = AesGcm.generateKey(random);
        try {
            return new RoomKey(sessionId, epoch, key, clock.instant());
        } finally {
            Bytes.wipe(key);
        }
    }

    /**
     * A key restored from storage or unwrapped. {@code key} is copied; the caller may wipe its array.
     * The creation time is kept to the millisecond.
     *
     * @throws IllegalArgumentException for a bad session id, an epoch below 1 or a key not 32 bytes
     */
    public static RoomKey of(String sessionId, long epoch, byte[] key, Instant createdAt) {
        return new RoomKey(sessionId, epoch, key, createdAt);
    }

    public String sessionId() {
        return sessionId;
    }

    public long epoch() {
        return epoch;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** A copy of the 32 key bytes, for storage; the caller wipes it when done. */
    public byte[] keyBytes() {
        return key.clone();
    }

    /** The key itself, without a copy, for this package's own use; never modified, never handed out. */
    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoomKey that
                && epoch == that.epoch
                && sessionId.equals(that.sessionId)
                && createdAt.equals(that.createdAt)
                && Bytes.constantTimeEquals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, epoch);
    }

    @Override
    public String toString() {
        return "RoomKey[sessionId=" + sessionId + ", epoch=" + epoch + ", createdAt=" + createdAt + ", key=(hidden)]";
    }
}
