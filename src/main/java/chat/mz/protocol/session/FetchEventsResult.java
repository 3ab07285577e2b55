package chat.mz.protocol.session;

import java.util.List;

/** Result of {@code fetch_events}: the oldest unacknowledged items of the device's queue, oldest first. */
public record FetchEventsResult(List<QueuedEvent> events) {
    public FetchEventsResult {
        events = List.copyOf(events);
    }
}
