package chat.mz.testing;

import chat.mz.client.Subscription;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Real {@link HomeserverConnection}s for tests against a homeserver on loopback, with bounded waits. */
public final class LiveConnections {
    /** Longest a test waits for any one answer or state. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);
    /** A call timeout longer than any mailbox wait the tests configure. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(29);

    /** A method no homeserver serves; calling it is a round trip without side effects. */
    private static final RpcMethod<JsonNode, JsonNode> NO_SUCH_METHOD =
            new RpcMethod<>("mzchat.test.NoSuchMethod", JsonNode.class, JsonNode.class);

    private LiveConnections() {
    }

    /** Opens a connection with short backoff and waits until it is connected. */
    public static HomeserverConnection open(URI uri) throws InterruptedException {
        return open(uri, Function.identity());
    }

    /**
     * Opens a connection, handing it to {@code wrap} before it starts (so that, say, a hello tracker
     * made there sees the first hello), and waits until it is connected.
     */
    public static <T> T open(URI uri, Function<HomeserverConnection, T> wrap) throws InterruptedException {
        HomeserverConnection connection = new HomeserverConnection(uri, Clock.systemUTC(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), new SplittableRandom(7)), CALL_TIMEOUT);
        T wrapped = wrap.apply(connection);
        CountDownLatch connected = new CountDownLatch(1);
        connection.states().subscribe(state -> {
            if (state instanceof ConnectionState.Connected) {
                connected.countDown();
            }
        });
        connection.start();
        if (!connected.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            connection.close();
            throw new AssertionError("no connection to " + uri + " within " + PATIENCE);
        }
        return wrapped;
    }

    /** Waits until the connection's state is a {@code kind}, whether it is already or becomes one. */
    public static <S extends ConnectionState> S awaitState(HomeserverConnection connection, Class<S> kind)
            throws Exception {
        CompletableFuture<S> reached = new CompletableFuture<>();
        try (Subscription watching = connection.states().subscribe(state -> {
            if (kind.isInstance(state)) {
                reached.complete(kind.cast(state));
            }
        })) {
            ConnectionState now = connection.state();
            if (kind.isInstance(now)) {
                reached.complete(kind.cast(now));
            }
            return reached.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The future's value; its failure's cause is rethrown as is (an RpcException stays one). */
    public static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("the call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + PATIENCE, e);
        }
    }

    /** Waits for the future to fail and returns why; fails the test if it succeeds or hangs. */
    public static Throwable failure(CompletableFuture<?> future, Duration within) throws InterruptedException {
        try {
            Object value = future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure but got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not fail within " + within.toMillis() + " ms", e);
        }
    }

    /**
     * Returns once the homeserver has handled every frame this connection sent before. A server
     * reads one connection's frames in order, so when the answer to this harmless call arrives,
     * earlier calls (a waiting SyncMailbox, say) have been taken in, even if they have not answered.
     */
    public static void barrier(HomeserverConnection connection) throws InterruptedException {
        try {
            await(connection.call(NO_SUCH_METHOD, JsonNodeFactory.instance.objectNode()));
            throw new AssertionError("the homeserver served " + NO_SUCH_METHOD.name());
        } catch (RpcException e) {
            if (!e.is(ErrorCode.METHOD_NOT_FOUND)) {
                throw e;
            }
        }
    }
}
