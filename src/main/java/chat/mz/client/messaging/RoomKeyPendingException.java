package chat.mz.client.messaging;

/**
 * An encrypted message could not go yet: another member replaced the conversation's room key and
 * the new key has not reached this device. The message stays in the outbox and goes once the key
 * arrives in this device's queue.
 */
public final class RoomKeyPendingException extends IllegalStateException {
    private final long epoch;

    public RoomKeyPendingException(long epoch) {
        super("Another member replaced the conversation's room key (now key " + epoch + ") and this device does "
                + "not have it yet.");
        this.epoch = epoch;
    }

    /** The epoch the conversation is on. */
    public long epoch() {
        return epoch;
    }
}
