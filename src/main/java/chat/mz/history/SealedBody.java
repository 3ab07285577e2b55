package chat.mz.history;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message as it travels, encrypted under a room key: kept for a received message this device
 * could not open yet (until that epoch's key arrives), and for our own pending message (so that
 * sending it again sends the same bytes, under the same counter).
 *
 * @param seq      the entry's seq; 0 for our own pending entry, which has none yet
 * @param keyEpoch the epoch of the room key it is encrypted under
 * @param sealed   the encrypted message, copied in and out
 */
public record SealedBody(String sessionId, long seq, long keyEpoch, byte[] sealed) {
    public SealedBody {
        Objects.requireNonNull(sessionId, "sessionId");
        sealed = Objects.requireNonNull(sealed, "sealed").clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedBody that && sessionId.equals(that.sessionId) && seq == that.seq
                && keyEpoch == that.keyEpoch && Arrays.equals(sealed, that.sealed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, seq, keyEpoch, Arrays.hashCode(sealed));
    }

    @Override
    public String toString() {
        return "SealedBody[sessionId=" + sessionId + ", seq=" + seq + ", keyEpoch=" + keyEpoch + ", sealed="
                + sealed.length + " bytes]";
    }
}
