package chat.mz.server.store;

import chat.mz.protocol.session.QueuedEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The per-device queues: reading them oldest first, and acknowledging (deleting) what was stored. */
public interface QueueStore {
    /** What the sync payloads of one {@code fetch_events} answer may add up to: half the frame cap once in base64. */
    int MAX_FETCH_PAYLOAD_BYTES = 1536 * 1024;

    /**
     * Deletes the device's items among {@code queueIds} (other ids are ignored). The first
     * acknowledgement of a message by any device of a member completes that member's receipt; when
     * the last receipt of a message completes, {@code MessageDelivered} is queued for the sender's
     * devices, who are then in the answer.
     */
    StoreChange<Integer> acknowledge(DeviceKey device, Collection<Long> queueIds, Instant now);

    /**
     * Up to {@code limit} of the device's oldest items, and fewer when their sync payloads would pass
     * {@link #MAX_FETCH_PAYLOAD_BYTES} together (never fewer than one), so an answer fits a frame.
     */
    List<QueuedEvent> fetch(DeviceKey device, int limit);

    /**
     * Queues one sealed sync event for other current devices of {@code from}'s own account, one
     * blob each, in one transaction; answers how many were queued.
     *
     * @param payloads by device id; each must be a current device of the account other than {@code from}
     * @throws chat.mz.protocol.RpcException {@code NOT_A_SIBLING_DEVICE} naming the first device that is not
     */
    StoreChange<Integer> queueSyncEvent(DeviceKey from, Map<String, byte[]> payloads, Instant now);

    /** Drops everything queued for a device (it was revoked); answers how many items went. */
    int drop(DeviceKey device);
}
