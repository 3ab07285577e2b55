package chat.mz.bench;

import chat.mz.app.Version;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Capacity: how many link sessions one server can hold open at once, and what they cost in memory. A waiting
 * SyncMailbox call is held by the server for up to the mailbox wait, so every idle linking device costs one.
 *
 * <p>{@code connections} initiator connections each send {@code waitsPerConnection} waiting calls on fresh
 * sessions (the server's maximum mailbox wait, so none ends early). One {@linkplain BenchClients#barrier
 * barrier} call per connection, sent after its waits, proves the server has registered all of them. The heap is
 * then read while every wait is held. Finally {@code connections} responder connections post one distinct
 * payload to every session, and each waiting call must come back with exactly its own payload.
 *
 * <p>The heap figures are {@code MemoryMXBean} heap usage after three forced collections, for this whole JVM:
 * the server, all {@code 2 x connections} client connections with their pending calls, and the bench's own
 * session ids and payloads. "Connected idle" is read with all connections open and the payloads made, before
 * any wait is sent, so the delta over it is what holding the waits costs (server and client side together).
 */
final class CapacityPhase {
    private final BenchSettings settings;
    private final Payloads payloads;
    private final SecureRandom ids = new SecureRandom();

    /** Both sides' client connections; closing closes all of them. */
    private record Clients(List<HomeserverConnection> initiators, List<HomeserverConnection> responders)
            implements AutoCloseable {
        static Clients open(Homeserver server, int connections) {
            List<HomeserverConnection> initiators = BenchClients.openConnected(server.uri(), connections);
            try {
                return new Clients(initiators, BenchClients.openConnected(server.uri(), connections));
            } catch (RuntimeException e) {
                initiators.forEach(HomeserverConnection::close);
                throw e;
            }
        }

        int pendingCalls() {
            return initiators.stream().mapToInt(HomeserverConnection::pendingCalls).sum()
                    + responders.stream().mapToInt(HomeserverConnection::pendingCalls).sum();
        }

        @Override
        public void close() {
            initiators.forEach(HomeserverConnection::close);
            responders.forEach(HomeserverConnection::close);
        }
    }

    /** The waiting calls, with when each was answered, and the barriers' answer times. */
    private record Waits(List<CompletableFuture<SyncMailboxResult>> calls, List<CompletableFuture<Long>> answeredAt,
                         HeldBack barriersHeldBack, long startedAt, long registeredAt) {
        int open() {
            return (int) calls.stream().filter(call -> !call.isDone()).count();
        }
    }

    /** The posts, when each was sent and answered, and when sending began and ended. */
    private record Posts(List<CompletableFuture<SyncMailboxResult>> calls, List<CompletableFuture<Long>> answeredAt,
                         long[] sentAt, long startedAt, long sentAllAt) {
    }

    CapacityPhase(BenchSettings settings, Payloads payloads) {
        this.settings = settings;
        this.payloads = payloads;
    }

    CapacityResult run() throws InterruptedException {
        long phaseStart = System.nanoTime();
        int perConnection = settings.waitsPerConnection();
        int total = settings.capacityWaits();
        ServerConfig config = ServerConfig.defaults()
                .withAddress("127.0.0.1", 0)
                .withMailboxWait(ServerConfig.MAX_MAILBOX_WAIT)
                .withConnectionLimits(perConnection, perConnection);

        long heapBeforeServer = settledHeap();
        try (Homeserver server = Homeserver.start(config, Version.current());
             Clients clients = Clients.open(server, settings.capacityConnections())) {
            MailboxSessionId[] sessions = new MailboxSessionId[total];
            byte[][] sent = new byte[total][];
            for (int i = 0; i < total; i++) {
                sessions[i] = MailboxSessionId.random(ids);
                sent[i] = payloads.numbered(i);
            }
            int sessionsBefore = server.mailboxStore().sessionCount();
            long heapIdle = settledHeap();

            Waits waits = registerWaits(clients.initiators(), sessions);
            int opened = server.mailboxStore().sessionCount() - sessionsBefore;
            int pendingOnClients = clients.pendingCalls();
            int held = waits.open();
            String earlyAnswer = waits.calls().stream().filter(CompletableFuture::isDone).findFirst()
                    .map(BenchClients::outcome).orElse(null);
            if (held != total || opened != total || pendingOnClients != total) {
                System.err.printf(Locale.ROOT, "MailboxBench: only %d of %d waits are held (server sessions %d, "
                        + "pending client calls %d); first early answer: %s%n", held, total, opened,
                        pendingOnClients, earlyAnswer);
            }
            long heapHeld = settledHeap();
            if (waits.open() != held) {
                System.err.printf(Locale.ROOT, "MailboxBench: %d waits ended while the heap was measured%n",
                        held - waits.open());
            }

            Posts posts = postAll(clients.responders(), sessions, sent);
            List<CompletableFuture<Long>> replies = new ArrayList<>(waits.answeredAt());
            replies.addAll(posts.answeredAt());
            BenchClients.awaitAll(replies);

            long now = System.nanoTime();
            // A wake-up is timed from its own post: holding the wait until then is the point.
            HeldBack heldBack = waits.barriersHeldBack()
                    .plus(answerTimes(waits.answeredAt(), posts.sentAt(), now))
                    .plus(answerTimes(posts.answeredAt(), posts.sentAt(), now));
            long lastWakeUp = waits.answeredAt().stream().filter(CompletableFuture::isDone)
                    .mapToLong(CompletableFuture::join).max().orElse(posts.startedAt());
            CapacityResult.Timings timings = new CapacityResult.Timings(waits.registeredAt() - waits.startedAt(),
                    posts.sentAllAt() - posts.startedAt(), lastWakeUp - posts.startedAt(),
                    posts.sentAllAt() - waits.startedAt());
            int unanswered = (int) replies.stream().filter(reply -> !reply.isDone()).count();
            CapacityResult.Answers answers = checkAnswers(waits.calls(), sent, posts.calls(), unanswered,
                    earlyAnswer);
            CapacityResult.Heap heap = new CapacityResult.Heap(heapBeforeServer, heapIdle, heapHeld, settledHeap());
            return new CapacityResult(settings.capacityConnections(), perConnection, settings.payloadBytes(),
                    config.mailboxWait().toMillis(), held, opened, pendingOnClients, heap, timings, answers,
                    heldBack, System.nanoTime() - phaseStart, config.toString());
        }
    }

    /**
     * Sends every initiator connection's share of waiting calls, then one barrier per connection, and waits for
     * the barriers: once all are answered, the server has registered every wait.
     */
    private Waits registerWaits(List<HomeserverConnection> initiators, MailboxSessionId[] sessions)
            throws InterruptedException {
        int perConnection = settings.waitsPerConnection();
        List<CompletableFuture<SyncMailboxResult>> calls = new ArrayList<>(sessions.length);
        List<CompletableFuture<Long>> answeredAt = new ArrayList<>(sessions.length);
        long start = System.nanoTime();
        for (int i = 0; i < sessions.length; i++) {
            CompletableFuture<SyncMailboxResult> waiting =
                    BenchClients.waitFor(initiators.get(i / perConnection), sessions[i]);
            calls.add(waiting);
            answeredAt.add(BenchClients.completionTime(waiting));
        }
        List<CompletableFuture<SyncMailboxResult>> barriers = new ArrayList<>(initiators.size());
        List<CompletableFuture<Long>> barrierAnsweredAt = new ArrayList<>(initiators.size());
        long[] barrierSentAt = new long[initiators.size()];
        for (int c = 0; c < initiators.size(); c++) {
            barrierSentAt[c] = System.nanoTime();
            CompletableFuture<SyncMailboxResult> barrier =
                    BenchClients.barrier(initiators.get(c), sessions[c * perConnection]);
            barriers.add(barrier);
            barrierAnsweredAt.add(BenchClients.completionTime(barrier));
        }
        for (CompletableFuture<SyncMailboxResult> barrier : barriers) {
            if (BenchClients.await(barrier, "a barrier call").hasPayload()) {
                throw new HarnessFailure("a barrier call got a payload before anything was posted");
            }
        }
        long registeredAt = System.nanoTime();
        // A completion time is set a moment after its call's result; one not set yet counts as "now".
        HeldBack heldBack = answerTimes(barrierAnsweredAt, barrierSentAt, registeredAt);
        return new Waits(calls, answeredAt, heldBack, start, registeredAt);
    }

    /** Posts every session's own payload from the responder connection with the same index as its initiator. */
    private Posts postAll(List<HomeserverConnection> responders, MailboxSessionId[] sessions, byte[][] sent) {
        int perConnection = settings.waitsPerConnection();
        List<CompletableFuture<SyncMailboxResult>> calls = new ArrayList<>(sessions.length);
        List<CompletableFuture<Long>> answeredAt = new ArrayList<>(sessions.length);
        long[] sentAt = new long[sessions.length];
        long start = System.nanoTime();
        for (int i = 0; i < sessions.length; i++) {
            sentAt[i] = System.nanoTime();
            CompletableFuture<SyncMailboxResult> post =
                    BenchClients.post(responders.get(i / perConnection), sessions[i], sent[i]);
            calls.add(post);
            answeredAt.add(BenchClients.completionTime(post));
        }
        return new Posts(calls, answeredAt, sentAt, start, System.nanoTime());
    }

    /**
     * Each answer's delay after the request at the same index was sent; one that has not come by {@code now}
     * counts with its delay so far.
     */
    private static HeldBack answerTimes(List<CompletableFuture<Long>> answeredAt, long[] sentAt, long now) {
        HeldBack heldBack = HeldBack.NONE;
        for (int i = 0; i < sentAt.length; i++) {
            heldBack = heldBack.plus(answeredAt.get(i).getNow(now) - sentAt[i]);
        }
        return heldBack;
    }

    private static CapacityResult.Answers checkAnswers(List<CompletableFuture<SyncMailboxResult>> waits,
                                                       byte[][] sent, List<CompletableFuture<SyncMailboxResult>> posts,
                                                       int unanswered, String earlyAnswer) {
        int exact = 0;
        int wrong = 0;
        int empty = 0;
        int failedWaits = 0;
        String firstFailure = earlyAnswer;
        for (int i = 0; i < sent.length; i++) {
            CompletableFuture<SyncMailboxResult> waiting = waits.get(i);
            if (!waiting.isDone() || waiting.isCompletedExceptionally()) {
                failedWaits++;
                firstFailure = firstFailure != null ? firstFailure
                        : waiting.isDone() ? BenchClients.outcome(waiting) : "a waiting call was never answered";
                continue;
            }
            SyncMailboxResult result = waiting.join();
            if (!result.hasPayload()) {
                empty++;
            } else if (Arrays.equals(result.payload(), sent[i])) {
                exact++;
            } else {
                wrong++;
            }
        }
        int failedPosts = 0;
        for (CompletableFuture<SyncMailboxResult> post : posts) {
            if (!post.isDone() || post.isCompletedExceptionally() || post.join().hasPayload()) {
                failedPosts++;
                firstFailure = firstFailure != null ? firstFailure : "post: " + BenchClients.outcome(post);
            }
        }
        return new CapacityResult.Answers(exact, wrong, empty, failedWaits, failedPosts, unanswered, firstFailure);
    }

    /** Heap in use after the collector has had a few chances to clear garbage. */
    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
