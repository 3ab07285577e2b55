package chat.mz.client.connection;

import java.time.Instant;

/** Where a {@link HomeserverConnection} stands, as published on its state stream. */
public sealed interface ConnectionState {

    /** Trying to reach the homeserver; {@code attempt} counts from 1 since the last success. */
    record Connecting(int attempt) implements ConnectionState {
    }

    /** Connected; calls may be made. */
    record Connected() implements ConnectionState {
    }

    /**
     * Lost or refused; the next attempt starts at {@code retryAt}, or never when it is null (the
     * server closed the connection for good, e.g. because this device was revoked).
     */
    record Disconnected(String reason, Instant retryAt) implements ConnectionState {
    }

    /** Closed on purpose; no further attempts. */
    record Closed() implements ConnectionState {
    }
}
