package chat.mz.client.identity;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.client.connection.ConnectionException;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.ServerHello;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Remembers the {@code ServerHello} of the connection's current socket: its {@code login_nonce} is
 * what a {@code Login} on that socket must sign. The server sends it right after the socket opens,
 * so the tracker must exist before {@link HomeserverConnection#start()}: make it first, then start.
 * Every reconnect brings a new hello with a new nonce (and a higher {@link Hello#generation()}).
 */
public final class ServerHelloTracker implements AutoCloseable {

    /** A hello and which socket of the connection it came on, counting from 1. */
    public record Hello(long generation, ServerHello hello) {
    }

    private final EventStream<Hello> hellos = new EventStream<>();
    private final Subscription helloSubscription;
    private final Subscription stateSubscription;
    private CompletableFuture<Hello> current = new CompletableFuture<>();
    private long generation;

    /** Follows {@code connection}; call before its {@code start()}, or the first hello may pass by unseen. */
    public ServerHelloTracker(HomeserverConnection connection) {
        helloSubscription = connection.on(Methods.SERVER_HELLO, this::arrived);
        stateSubscription = connection.states().subscribe(this::changed);
    }

    /** The current socket's hello; completes when it arrives, fails if the connection is closed. */
    public synchronized CompletableFuture<Hello> current() {
        return current;
    }

    /** Every hello from now on, i.e. every new socket, on the connection's thread. */
    public Subscription onHello(Consumer<Hello> listener) {
        return hellos.subscribe(listener);
    }

    @Override
    public void close() {
        helloSubscription.close();
        stateSubscription.close();
    }

    private void arrived(ServerHello hello) {
        Hello tracked;
        synchronized (this) {
            tracked = new Hello(++generation, hello);
            if (current.isDone()) {
                current = new CompletableFuture<>();
            }
            current.complete(tracked);
        }
        hellos.publish(tracked);
    }

    private synchronized void changed(ConnectionState state) {
        if (state instanceof ConnectionState.Closed) {
            ConnectionException closed = new ConnectionException(ConnectionException.Reason.CLOSED);
            if (!current.completeExceptionally(closed)) {
                current = CompletableFuture.failedFuture(closed);
            }
        } else if (!(state instanceof ConnectionState.Connected) && current.isDone()) {
            // the socket the hello came on is gone; its nonce is worthless now
            current = new CompletableFuture<>();
        }
    }
}
