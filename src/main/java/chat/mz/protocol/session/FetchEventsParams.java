package chat.mz.protocol.session;

import java.util.List;

/**
 * Parameters of {@code fetch_events}: acknowledge what was stored, then take the oldest items still
 * queued for this device, waiting for one if asked.
 *
 * @param ack         queue ids the device has stored (at most {@link #MAX_LIMIT}); they are deleted first
 * @param limit       at most this many items (1–{@link #MAX_LIMIT}; 0 means {@link #DEFAULT_LIMIT})
 * @param waitSeconds hold the call up to this long (0–{@link #MAX_WAIT_SECONDS}) while the queue is empty
 */
public record FetchEventsParams(List<Long> ack, int limit, int waitSeconds) {
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_WAIT_SECONDS = 25;

    public FetchEventsParams {
        ack = ack == null ? List.of() : List.copyOf(ack);
    }
}
