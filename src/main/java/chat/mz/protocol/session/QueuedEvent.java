package chat.mz.protocol.session;

import chat.mz.protocol.sync.SyncDelivery;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item of a device's queue, as {@code fetch_events} answers it. {@code type} says which of the
 * other fields is set: {@code SessionEvent} → {@code event}; {@code MessageDelivered} →
 * {@code delivered}; the names in {@link QueuedEventType} for membership notices → {@code notice};
 * {@code ReceiveRoomKeyNotification} → {@code roomKey}; {@code UpdateRoomKeyNotification} →
 * {@code keyUpdate}; {@code SendRoomKeyNotification} → {@code keyRecipient}; {@code SyncEvent} →
 * {@code sync}.
 *
 * @param queueId the item's id in this device's queue; acknowledge it with the next {@code fetch_events}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueuedEvent(long queueId, QueuedEventType type, SessionEvent event, MembershipNotice notice,
                          MessageDelivered delivered, RoomKeyDelivery roomKey, RoomKeyUpdate keyUpdate,
                          RoomKeyRecipient keyRecipient, SyncDelivery sync) {

    /** An item that is not a sync event. */
    public QueuedEvent(long queueId, QueuedEventType type, SessionEvent event, MembershipNotice notice,
                       MessageDelivered delivered, RoomKeyDelivery roomKey, RoomKeyUpdate keyUpdate,
                       RoomKeyRecipient keyRecipient) {
        this(queueId, type, event, notice, delivered, roomKey, keyUpdate, keyRecipient, null);
    }

    /** A sync event from another device of the same account. */
    public static QueuedEvent sync(long queueId, SyncDelivery sync) {
        return new QueuedEvent(queueId, QueuedEventType.SYNC_EVENT, null, null, null, null, null, null, sync);
    }

    /** An item that is not about room keys. */
    public QueuedEvent(long queueId, QueuedEventType type, SessionEvent event, MembershipNotice notice,
                       MessageDelivered delivered) {
        this(queueId, type, event, notice, delivered, null, null, null);
    }
}
