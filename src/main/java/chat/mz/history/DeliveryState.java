package chat.mz.history;

/** How far an outgoing message has got; received messages are {@link #DELIVERED}. */
public enum DeliveryState {
    /** Written on this device, waiting in the outbox for the homeserver to accept it. */
    PENDING,
    /** Accepted by the homeserver, which gave it its place (seq) in the conversation. */
    SENT,
    /** Reported as delivered to the other members' devices. */
    DELIVERED,
    /**
     * Refused by the homeserver for good ({@link History#markFailed}): out of the outbox, kept in the
     * timeline for the user to see.
     */
    FAILED
}
