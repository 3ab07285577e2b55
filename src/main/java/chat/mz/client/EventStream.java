package chat.mz.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed stream of events from one client-core service; view models and CLI commands subscribe to
 * the streams they need (there is no global bus). Events are delivered on the publisher's thread,
 * in order; a failing subscriber is logged and does not stop the others.
 */
public final class EventStream<T> {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final List<Consumer<? super T>> subscribers = new CopyOnWriteArrayList<>();

    public Subscription subscribe(Consumer<? super T> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(T event) {
        for (Consumer<? super T> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.error("An event subscriber failed", e);
            }
        }
    }
}
