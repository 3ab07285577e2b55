package chat.mz.server.session;

import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import java.util.List;

/** Picking queue items apart in assertions. */
final class Events {
    private Events() {
    }

    static List<SessionEvent> timeline(List<QueuedEvent> items) {
        return items.stream().filter(i -> i.type() == QueuedEventType.SESSION_EVENT).map(QueuedEvent::event).toList();
    }

    static List<SessionEvent> of(List<QueuedEvent> items, SessionEventKind kind) {
        return timeline(items).stream().filter(e -> e.kind() == kind).toList();
    }

    static List<QueuedEvent> typed(List<QueuedEvent> items, QueuedEventType type) {
        return items.stream().filter(i -> i.type() == type).toList();
    }

    static List<Long> ids(List<QueuedEvent> items) {
        return items.stream().map(QueuedEvent::queueId).toList();
    }
}
