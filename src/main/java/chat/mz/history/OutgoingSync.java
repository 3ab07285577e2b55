package chat.mz.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A sync event waiting in this device's sync outbox.
 *
 * @param toDevice the one device it is for, or null for every other device of the account
 * @param body     the event as its codec wrote it; in the history file, so under its key
 */
public record OutgoingSync(String eventId, String toDevice, byte[] body, Instant createdAt) {
    public OutgoingSync {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(createdAt, "createdAt");
        body = body.clone();
    }

    /** An event for every other device of the account. */
    public OutgoingSync(String eventId, byte[] body, Instant createdAt) {
        this(eventId, null, body, createdAt);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutgoingSync that && eventId.equals(that.eventId)
                && java.util.Objects.equals(toDevice, that.toDevice)
                && java.util.Arrays.equals(body, that.body) && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return "OutgoingSync[" + eventId + ", to " + (toDevice == null ? "every device" : toDevice) + ", "
                + body.length + " bytes, " + createdAt + "]";
    }
}
