package chat.mz.cli;

import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.ServerHelloTracker;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A command's connection to its homeserver: connected within a bounded time or a plain error,
 * with a {@link ServerHelloTracker} following it from the start, and answers awaited so that a
 * failure surfaces as its own sentence rather than a wrapper's.
 */
final class CliConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final HomeserverConnection connection;
    private final ServerHelloTracker hellos;

    private CliConnection(HomeserverConnection connection, ServerHelloTracker hellos) {
        this.connection = connection;
        this.hellos = hellos;
    }

    static CliConnection open(URI uri) throws InterruptedException {
        HomeserverConnection connection = new HomeserverConnection(uri, Clock.systemUTC(),
                Backoff.standard(new SecureRandom()), CALL_TIMEOUT);
        ServerHelloTracker hellos = new ServerHelloTracker(connection);
        CountDownLatch connected = new CountDownLatch(1);
        AtomicReference<String> lastProblem = new AtomicReference<>("no answer");
        connection.states().subscribe(state -> {
            if (state instanceof ConnectionState.Connected) {
                connected.countDown();
            } else if (state instanceof ConnectionState.Disconnected disconnected) {
                lastProblem.set(disconnected.reason());
            }
        });
        connection.start();
        if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            connection.close();
            throw new IllegalStateException("Could not reach the homeserver at " + uri + " (" + lastProblem.get()
                    + ").");
        }
        return new CliConnection(connection, hellos);
    }

    HomeserverConnection connection() {
        return connection;
    }

    ServerHelloTracker hellos() {
        return hellos;
    }

    /** The future's value; its failure's innermost plain cause is thrown as is. */
    <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(CALL_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception plain) {
                throw plain;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("The homeserver did not answer in time.", e);
        }
    }

    @Override
    public void close() {
        hellos.close();
        connection.close();
    }

    /**
     * A homeserver address as people write it: {@code ws://host:port}, {@code wss://…}, the
     * {@code http(s)://} form a link carries, or a bare {@code host:port} (taken as {@code ws://}).
     */
    static URI parseAddress(String text) {
        String trimmed = text.strip();
        if (!trimmed.contains("://")) {
            trimmed = "ws://" + trimmed;
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a homeserver address such as "
                    + "ws://127.0.0.1:8750.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String mapped = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> null;
        };
        if (mapped == null || uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a homeserver address such as "
                    + "ws://127.0.0.1:8750.");
        }
        return URI.create(mapped + "://" + uri.getRawAuthority());
    }
}
