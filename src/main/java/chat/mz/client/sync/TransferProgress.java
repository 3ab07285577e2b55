package chat.mz.client.sync;

import java.util.Objects;

/**
 * Where a history transfer between two devices of this account stands, as either side sees it.
 *
 * @param deviceId the other device: the one receiving when {@link Direction#SENDING}, else the one sending
 * @param done     messages sent or stored so far
 * @param total    messages the offer counted
 * @param bytes    sealed bytes handed to the homeserver so far, on the sending side; 0 on the receiving one
 */
public record TransferProgress(String transferId, String deviceId, Direction direction, State state, long done,
                               long total, long bytes) {
    public TransferProgress {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
    }

    /** This device's side of the transfer. */
    public enum Direction { SENDING, RECEIVING }

    /** Offered and not yet answered; under way; complete; declined by the receiving device; stopped by an error. */
    public enum State { OFFERED, RUNNING, DONE, SKIPPED, FAILED }

    /** Whether nothing more will happen. */
    public boolean finished() {
        return state == State.DONE || state == State.SKIPPED || state == State.FAILED;
    }

    TransferProgress with(State next, long nowDone) {
        return new TransferProgress(transferId, deviceId, direction, next, nowDone, total, bytes);
    }

    TransferProgress with(State next, long nowDone, long nowBytes) {
        return new TransferProgress(transferId, deviceId, direction, next, nowDone, total, nowBytes);
    }
}
