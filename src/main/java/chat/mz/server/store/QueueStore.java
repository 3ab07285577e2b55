package chat.mz.server.store;

import chat.mz.protocol.session.QueuedEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The per-device queues: reading them oldest first, and acknowledging (deleting) what was stored. */
public interface QueueStore {
    /**
     * Deletes the device's items among {@code queueIds} (other ids are ignored). The first
     * acknowledgement of a message by any device of a member completes that member's receipt; when
     * the last receipt of a message completes, {@code MessageDelivered} is queued for the sender's
     * devices, who are then in the answer.
     */
    StoreChange<Integer> acknowledge(DeviceKey device, Collection<Long> queueIds, Instant now);

    /** Up to {@code limit} of the device's oldest items. */
    List<QueuedEvent> fetch(DeviceKey device, int limit);

    /** Drops everything queued for a device (it was revoked); answers how many items went. */
    int drop(DeviceKey device);
}
