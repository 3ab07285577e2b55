package chat.mz.bench;

import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** The bench's client side: opening real client connections, the calls both phases send, and bounded waits. */
final class BenchClients {
    /**
     * How long the bench waits for any one answer. Longer than the longest server mailbox wait (30 s), so a
     * waiting call that no post wakes still gets its empty answer in time.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(35);
    /** The client's own limit per call; longer than {@link #ANSWER_TIMEOUT} so the bench's limit applies first. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private BenchClients() {
    }

    /** Opens {@code count} connections to {@code uri} and waits until all of them are connected. */
    static List<HomeserverConnection> openConnected(URI uri, int count) {
        List<HomeserverConnection> connections = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                HomeserverConnection connection = new HomeserverConnection(uri, Clock.systemUTC(),
                        Backoff.standard(new SplittableRandom(1)), CALL_TIMEOUT);
                connections.add(connection);
                connection.start();
            }
            awaitConnected(connections);
            return connections;
        } catch (RuntimeException e) {
            connections.forEach(HomeserverConnection::close);
            throw e;
        }
    }

    private static void awaitConnected(List<HomeserverConnection> connections) {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (HomeserverConnection connection : connections) {
            while (!(connection.state() instanceof ConnectionState.Connected)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new HarnessFailure("a client did not connect within " + CONNECT_TIMEOUT.toSeconds()
                            + " s: " + connection.state());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /** The initiator's waiting call: held by the server until the responder posts (or the mailbox wait ends). */
    static CompletableFuture<SyncMailboxResult> waitFor(HomeserverConnection initiator, MailboxSessionId id) {
        return initiator.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(id, MailboxSide.INITIATOR, true));
    }

    /**
     * A non-waiting poll of {@code id} on the same connection as earlier waiting calls. The server reads one
     * connection's frames in order on one worker thread, so once this is answered, every waiting call sent
     * before it on that connection has been registered. Its answer must carry no payload.
     */
    static CompletableFuture<SyncMailboxResult> barrier(HomeserverConnection initiator, MailboxSessionId id) {
        return initiator.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(id, MailboxSide.INITIATOR, false));
    }

    static CompletableFuture<SyncMailboxResult> post(HomeserverConnection responder, MailboxSessionId id,
                                                      byte[] payload) {
        return responder.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(id, MailboxSide.RESPONDER, payload));
    }

    /** Completes with {@link System#nanoTime()} when {@code future} completes, whether it succeeded or not. */
    static CompletableFuture<Long> completionTime(CompletableFuture<?> future) {
        return future.handle((result, failure) -> System.nanoTime());
    }

    /** Waits up to {@link #ANSWER_TIMEOUT} for one answer; a failure or no answer fails the harness. */
    static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HarnessFailure(what + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new HarnessFailure(what + " was not answered within " + ANSWER_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /**
     * Waits until every one of {@code futures} is done or {@link #ANSWER_TIMEOUT} has passed; failed ones
     * count as done.
     */
    static void awaitAll(List<? extends CompletableFuture<?>> futures) throws InterruptedException {
        CompletableFuture<?>[] all = futures.toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(all).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The caller looks at each future; what is still open after the timeout counts as unanswered.
        }
    }

    /** What a finished (or unfinished) call came to, for messages. */
    static String outcome(CompletableFuture<?> future) {
        if (!future.isDone()) {
            return "still pending";
        }
        try {
            Object value = future.join();
            return value instanceof SyncMailboxResult result ? describe(result) : String.valueOf(value);
        } catch (RuntimeException e) {
            return describe(e.getCause() == null ? e : e.getCause());
        }
    }

    static String describe(SyncMailboxResult result) {
        return result.hasPayload() ? "a payload of " + result.payload().length + " bytes" : "no payload";
    }

    static String describe(Throwable failure) {
        if (failure instanceof RpcException rpc) {
            return "error " + rpc.error().code() + " " + rpc.getMessage();
        }
        return failure.toString();
    }
}
