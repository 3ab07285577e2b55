package chat.mz.protocol.sync;

/**
 * Answer to {@code send_sync_event}, once every item is stored in its device's queue.
 *
 * @param queued how many devices' queues got the event
 */
public record SendSyncEventResult(int queued) {
}
