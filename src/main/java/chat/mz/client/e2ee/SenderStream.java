package chat.mz.client.e2ee;

import java.util.Objects;

/** One sender device's messages in one session: the unit whose counters a {@link ReplayGuard} tracks. */
public record SenderStream(String sessionId, DeviceRef sender) {
    public SenderStream {
        IdRules.requireId(sessionId, "session id");
        Objects.requireNonNull(sender, "sender");
    }

    /** The stream a message belongs to. */
    public static SenderStream of(MessageHeader header) {
        return new SenderStream(header.sessionId(), header.sender());
    }
}
