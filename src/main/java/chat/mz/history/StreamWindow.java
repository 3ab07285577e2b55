package chat.mz.history;

import java.util.Arrays;
import java.util.Objects;

/**
 * The replay window of one sending device in one conversation: which of its message counters have
 * been accepted, in the form the crypto layer writes it. Stored with the messages it let in, so
 * that after a crash a message is neither lost nor accepted twice.
 *
 * @param window the window's bytes, copied in and out
 */
public record StreamWindow(String sessionId, String senderUserId, String senderDeviceId, byte[] window) {
    public StreamWindow {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(senderUserId, "senderUserId");
        Objects.requireNonNull(senderDeviceId, "senderDeviceId");
        window = Objects.requireNonNull(window, "window").clone();
    }

    @Override
    public byte[] window() {
        return window.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamWindow that && sessionId.equals(that.sessionId)
                && senderUserId.equals(that.senderUserId) && senderDeviceId.equals(that.senderDeviceId)
                && Arrays.equals(window, that.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, senderUserId, senderDeviceId, Arrays.hashCode(window));
    }

    @Override
    public String toString() {
        return "StreamWindow[sessionId=" + sessionId + ", senderUserId=" + senderUserId + ", senderDeviceId="
                + senderDeviceId + ", window=" + window.length + " bytes]";
    }
}
