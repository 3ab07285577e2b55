package chat.mz.server;

/** Something scheduled or subscribed that can be called off; calling off twice is harmless. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
