package chat.mz.client;

/** A handle on a subscription to an {@link EventStream}; closing it stops the deliveries. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
