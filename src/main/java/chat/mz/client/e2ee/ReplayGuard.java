package chat.mz.client.e2ee;

/**
 * Refuses a room message whose (session, sender device, counter) was accepted before. State is one
 * {@link ReplayWindow} per {@link SenderStream}; {@link InMemoryReplayGuard} keeps them in memory,
 * and a guard backed by the local history stores the same windows, so that a restart does not
 * reopen the door to replays.
 *
 * <p>{@link RoomCipher#open(SealedMessage, String, RoomKeyLookup, byte[], ReplayGuard)} uses a guard
 * in the right order: {@link #check} before the crypto, {@link #accept} after it. Callers that use
 * a guard themselves must do the same: only a message that authenticated may be accepted, or a
 * forged one could use up the counter of a real one.
 */
public interface ReplayGuard {
    /**
     * Whether the message's counter would be accepted; records nothing.
     *
     * @throws E2eeException {@link E2eeException.Reason#REPLAYED} or {@link E2eeException.Reason#TOO_OLD}
     */
    void check(MessageHeader header) throws E2eeException;

    /**
     * Checks and records the message's counter, as one step: of two threads accepting the same
     * counter, one fails.
     *
     * @throws E2eeException {@link E2eeException.Reason#REPLAYED} or {@link E2eeException.Reason#TOO_OLD}
     */
    void accept(MessageHeader header) throws E2eeException;
}
