package chat.mz.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A sync event waiting in this device's sync outbox.
 *
 * @param body the event as its codec wrote it; in the history file, so under its key
 */
public record OutgoingSync(String eventId, byte[] body, Instant createdAt) {
    public OutgoingSync {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(createdAt, "createdAt");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutgoingSync that && eventId.equals(that.eventId)
                && java.util.Arrays.equals(body, that.body) && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return "OutgoingSync[" + eventId + ", " + body.length + " bytes, " + createdAt + "]";
    }
}
