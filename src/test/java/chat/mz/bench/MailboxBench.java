package chat.mz.bench;

import chat.mz.app.Version;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * SyncMailbox benchmark: a real {@link Homeserver} on loopback in this JVM and real
 * {@link HomeserverConnection} clients for both sides of every link session.
 *
 * <ol>
 *   <li><b>Wake latency</b>: one initiator waits on a fresh session, one responder posts to it;
 *       latency is {@code System.nanoTime()} just before the post is sent to the moment the waiting
 *       call's future completes. Sessions run one at a time (latency, not throughput), after a
 *       warm-up.</li>
 *   <li><b>Capacity</b>: thousands of waiting calls held by one server at once, heap measured while
 *       they are held, then every one answered by a post with its own payload.</li>
 * </ol>
 *
 * <p>Prints a table and writes {@code mailbox.json} into the folder given as the first argument.
 * Exits with 0 when the run completed, whether or not the targets were met (a missed target shows
 * as "missed"), and non-zero when the harness itself failed.
 *
 * <p>Sizes can be changed with system properties: {@code bench.latency.warmup},
 * {@code bench.latency.sessions}, {@code bench.latency.settleMillis}, {@code bench.capacity.connections},
 * {@code bench.capacity.waitsPerConnection}, {@code bench.payloadBytes}; {@code bench.histogram=N}
 * prints the N largest classes on the heap at the capacity phase's two heap readings.
 */
public final class MailboxBench {
    private static final int WARMUP_SESSIONS = Integer.getInteger("bench.latency.warmup", 200);
    private static final int MEASURED_SESSIONS = Integer.getInteger("bench.latency.sessions", 1_000);
    /** Pause between "the wait is registered" and the post, so the waiting side's threads are parked. */
    private static final long SETTLE_NANOS =
            TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("bench.latency.settleMillis", 2));
    private static final int CAPACITY_CONNECTIONS = Integer.getInteger("bench.capacity.connections", 50);
    private static final int WAITS_PER_CONNECTION = Integer.getInteger("bench.capacity.waitsPerConnection", 100);
    private static final int PAYLOAD_BYTES = Integer.getInteger("bench.payloadBytes", 64);

    private static final double TARGET_P50_MS = 2.0;
    private static final double TARGET_P99_MS = 20.0;
    private static final long TARGET_HEAP_BYTES = 256L * 1024 * 1024;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(40);
    /**
     * An answer that takes longer than this is taken to be held back by the server (see {@link #nudge}); on
     * loopback a normal answer takes well under 100 ms even on a loaded machine.
     */
    private static final Duration STALL_THRESHOLD = Duration.ofSeconds(1);
    /** A call the server answers at once with an error, changing nothing: its only effect is a write. */
    private static final SyncMailboxParams NUDGE = new SyncMailboxParams("bench-nudge", MailboxSide.INITIATOR,
            null, false);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** The whole run is abandoned (exit 3, with a thread dump) if it takes longer than this. */
    private static final Duration WATCHDOG = Duration.ofSeconds(170);

    private final SecureRandom ids = new SecureRandom();
    private final SplittableRandom bytes = new SplittableRandom(20_260_101L);
    private final List<Stall> stalls = new ArrayList<>();

    /**
     * An answer the server held back until the connection was nudged. The homeserver's WebSocket library
     * (Java-WebSocket 1.6.0) can lose a connection's write interest when a frame is queued from one thread
     * while the selector thread finishes writing that connection; the frame then waits until the next frame
     * is sent on the connection. Without the nudge that is the next answer of any kind: up to the mailbox
     * wait (25-30 s) for a waiting client.
     */
    private record Stall(String phase, String what, int connections, long heldNanos) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("phase", phase);
            json.put("what", what);
            json.put("connections_nudged", connections);
            json.put("held_ms", round(LatencyStats.millis(heldNanos), 1));
            return json;
        }
    }

    private MailboxBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: MailboxBench <output folder>");
            System.exit(2);
        }
        if (PAYLOAD_BYTES < Integer.BYTES || PAYLOAD_BYTES > SyncMailboxParams.MAX_PAYLOAD_BYTES) {
            System.err.println("MailboxBench: bench.payloadBytes must be between " + Integer.BYTES + " and "
                    + SyncMailboxParams.MAX_PAYLOAD_BYTES);
            System.exit(2);
        }
        startWatchdog();
        int status;
        try {
            status = new MailboxBench().run(Path.of(args[0]));
        } catch (HarnessFailure e) {
            System.err.println("MailboxBench: the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Exception e) {
            System.err.println("MailboxBench: the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private int run(Path outputDir) throws Exception {
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        System.out.printf(Locale.ROOT, "MailboxBench: %d cores, max heap %s, %s %s%n",
                Runtime.getRuntime().availableProcessors(), mib(Runtime.getRuntime().maxMemory()),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));

        LatencyResult latency = measureLatency();
        System.out.printf(Locale.ROOT, "  wake latency: %d sessions measured (%d warm-up), p50 %.3f ms, p99 %.3f ms"
                        + " (%.1f s)%n", latency.stats().count(), WARMUP_SESSIONS,
                LatencyStats.millis(latency.stats().p50Nanos()), LatencyStats.millis(latency.stats().p99Nanos()),
                latency.phaseNanos() / 1e9);

        CapacityResult capacity = measureCapacity();
        System.out.printf(Locale.ROOT, "  capacity: %d of %d waits held, %d exact payloads, heap %s (%.1f s)%n",
                capacity.held(), capacity.waits(), capacity.exact(), mib(capacity.heapHeld()),
                capacity.phaseNanos() / 1e9);

        ResultTable table = table(latency, capacity);
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "SyncMailbox");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("all_targets_met", table.allMet());
        json.put("environment", environment());
        json.put("wake_latency", latency.toJson());
        json.put("capacity", capacity.toJson());
        json.put("held_back_answers", Map.of(
                "description", "answers the server queued but did not send until the connection was nudged with "
                        + "another call after " + STALL_THRESHOLD.toMillis() + " ms (lost write interest in "
                        + "Java-WebSocket's server); without the nudge they wait for the next frame on that "
                        + "connection",
                "count", stalls.size(),
                "events", stalls.stream().map(Stall::toJson).toList()));
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("mailbox.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
        return 0;
    }

    // ---------------------------------------------------------------- wake latency

    private record LatencyResult(LatencyStats stats, LatencyStats roundTrip, int warmup, long settleNanos,
                                 long gcCount, long gcMillis, long phaseNanos, String serverConfig) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("description", "post sent -> waiting peer's call completes; loopback WebSocket, one server and "
                    + "two client connections in this JVM; sessions one at a time");
            json.put("sessions_measured", stats.count());
            json.put("sessions_warmup", warmup);
            json.put("settle_before_post_ms", LatencyStats.millis(settleNanos));
            json.put("payload_bytes", PAYLOAD_BYTES);
            json.put("min_ms", round(LatencyStats.millis(stats.minNanos()), 4));
            json.put("p50_ms", round(LatencyStats.millis(stats.p50Nanos()), 4));
            json.put("p90_ms", round(LatencyStats.millis(stats.p90Nanos()), 4));
            json.put("p99_ms", round(LatencyStats.millis(stats.p99Nanos()), 4));
            json.put("max_ms", round(LatencyStats.millis(stats.maxNanos()), 4));
            json.put("mean_ms", round(LatencyStats.millis(stats.meanNanos()), 4));
            json.put("target_p50_ms", TARGET_P50_MS);
            json.put("target_p99_ms", TARGET_P99_MS);
            json.put("p50_met", LatencyStats.millis(stats.p50Nanos()) <= TARGET_P50_MS);
            json.put("p99_met", LatencyStats.millis(stats.p99Nanos()) <= TARGET_P99_MS);
            Map<String, Object> rtt = new LinkedHashMap<>();
            rtt.put("description", "for comparison: a non-waiting SyncMailbox call's round trip on one connection "
                    + "(the barrier call sent right after each waiting call)");
            rtt.put("p50_ms", round(LatencyStats.millis(roundTrip.p50Nanos()), 4));
            rtt.put("p90_ms", round(LatencyStats.millis(roundTrip.p90Nanos()), 4));
            rtt.put("p99_ms", round(LatencyStats.millis(roundTrip.p99Nanos()), 4));
            rtt.put("max_ms", round(LatencyStats.millis(roundTrip.maxNanos()), 4));
            json.put("round_trip", rtt);
            json.put("gc_collections_during_measured", gcCount);
            json.put("gc_time_during_measured_ms", gcMillis);
            json.put("phase_seconds", round(phaseNanos / 1e9, 2));
            json.put("server_config", serverConfig);
            return json;
        }
    }

    private LatencyResult measureLatency() throws Exception {
        long phaseStart = System.nanoTime();
        int sessions = WARMUP_SESSIONS + MEASURED_SESSIONS;
        // Every session counts against both connections' session limit for its whole lifetime.
        ServerConfig config = ServerConfig.defaults()
                .withAddress("127.0.0.1", 0)
                .withConnectionLimits(sessions + 16, 16);
        try (Homeserver server = Homeserver.start(config, Version.current());
             HomeserverConnection initiator = connection(server.uri());
             HomeserverConnection responder = connection(server.uri())) {
            awaitConnected(List.of(initiator, responder));
            for (int i = 0; i < WARMUP_SESSIONS; i++) {
                wakeOnce(server, initiator, responder);
            }
            long[] samples = new long[MEASURED_SESSIONS];
            long[] roundTrips = new long[MEASURED_SESSIONS];
            long[] gcBefore = gcTotals();
            for (int i = 0; i < MEASURED_SESSIONS; i++) {
                long[] timing = wakeOnce(server, initiator, responder);
                samples[i] = timing[0];
                roundTrips[i] = timing[1];
            }
            long[] gcAfter = gcTotals();
            return new LatencyResult(LatencyStats.of(samples), LatencyStats.of(roundTrips), WARMUP_SESSIONS,
                    SETTLE_NANOS, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], System.nanoTime() - phaseStart,
                    config.toString());
        }
    }

    /**
     * One link session: wait, make sure the server holds the wait, post, time the wake-up.
     *
     * @return the wake latency and the barrier call's round trip, in nanoseconds
     */
    private long[] wakeOnce(Homeserver server, HomeserverConnection initiator, HomeserverConnection responder)
            throws Exception {
        MailboxSessionId id = MailboxSessionId.random(ids);
        byte[] payload = payload(-1);
        int sessionsBefore = server.mailboxStore().sessionCount();

        long waitSent = System.nanoTime();
        CompletableFuture<SyncMailboxResult> waiting =
                initiator.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(id, MailboxSide.INITIATOR, true));
        CompletableFuture<Long> answeredAt = waiting.handle((result, failure) -> System.nanoTime());

        // The server reads one connection's frames in order on one worker thread, so once this second
        // call on the same connection is answered, the waiting call before it has been registered.
        long barrierSent = System.nanoTime();
        SyncMailboxResult barrier = awaitNudging(initiator.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(id, MailboxSide.INITIATOR, false)), initiator, "latency", "barrier answer");
        long roundTrip = System.nanoTime() - barrierSent;
        if (barrier.hasPayload()) {
            throw new HarnessFailure("the barrier call got a payload before anything was posted");
        }
        if (server.mailboxStore().sessionCount() != sessionsBefore + 1) {
            throw new HarnessFailure("the server does not hold the new session (sessions " + sessionsBefore + " -> "
                    + server.mailboxStore().sessionCount() + ")");
        }
        if (waiting.isDone()) {
            throw answeredEarly("barrier", waiting, answeredAt, waitSent, roundTrip);
        }
        LockSupport.parkNanos(SETTLE_NANOS);
        if (waiting.isDone()) {
            throw answeredEarly("settle", waiting, answeredAt, waitSent, roundTrip);
        }

        long postedAt = System.nanoTime();
        CompletableFuture<SyncMailboxResult> post =
                responder.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(id, MailboxSide.RESPONDER, payload));
        // Whichever comes first; a failed post fails this at once instead of leaving the wait to run out.
        awaitNudging(CompletableFuture.anyOf(answeredAt, post), initiator, "latency", "wake-up or post answer");
        long wokenAt = awaitNudging(answeredAt, initiator, "latency", "wake-up");

        SyncMailboxResult received = await(waiting, "the waiting call");
        if (!received.hasPayload() || !Arrays.equals(received.payload(), payload)) {
            throw new HarnessFailure("the waiting call got " + describe(received) + " instead of its payload");
        }
        SyncMailboxResult posted = awaitNudging(post, responder, "latency", "post answer");
        if (posted.hasPayload()) {
            throw new HarnessFailure("the post read back a payload: " + describe(posted));
        }
        return new long[] {wokenAt - postedAt, roundTrip};
    }

    private static HarnessFailure answeredEarly(String stage, CompletableFuture<SyncMailboxResult> waiting,
                                                CompletableFuture<Long> answeredAt, long waitSent, long roundTrip) {
        return new HarnessFailure(String.format(Locale.ROOT, "the waiting call was answered before the post (seen "
                        + "after the %s): %s, %.1f ms after it was sent; the barrier's round trip took %.1f ms",
                stage, outcome(waiting), LatencyStats.millis(answeredAt.join() - waitSent),
                LatencyStats.millis(roundTrip)));
    }

    // ---------------------------------------------------------------- capacity

    private record CapacityResult(int connections, int waitsPerConnection, int waits, int held,
                                  int serverSessionsOpened, int pendingClientCalls,
                                  long heapBeforeServer, long heapIdle, long heapHeld, long heapAfterAnswers,
                                  long registerNanos, long postSendNanos, long allAnsweredNanos,
                                  long sinceFirstWaitAtLastPostNanos, int exact, int wrongPayload, int emptyAnswers,
                                  int failedWaits, int failedPosts, int unanswered, String firstFailure,
                                  long mailboxWaitMillis,
                                  long phaseNanos, String serverConfig) {
        long heapDelta() {
            return heapHeld - heapIdle;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("description", "waiting SyncMailbox calls held by one server at once, then each answered by a "
                    + "post; heap figures are for the whole JVM, which holds the server AND all client connections");
            json.put("initiator_connections", connections);
            json.put("responder_connections", connections);
            json.put("waits_per_connection", waitsPerConnection);
            json.put("waits", waits);
            json.put("held_by_server", held);
            json.put("server_sessions_opened", serverSessionsOpened);
            json.put("pending_client_calls", pendingClientCalls);
            json.put("payload_bytes", PAYLOAD_BYTES);
            json.put("server_mailbox_wait_ms", mailboxWaitMillis);
            json.put("heap_before_server_bytes", heapBeforeServer);
            json.put("heap_connected_idle_bytes", heapIdle);
            json.put("heap_with_waits_bytes", heapHeld);
            json.put("heap_delta_bytes", heapDelta());
            json.put("heap_delta_per_wait_bytes", held == 0 ? null : heapDelta() / held);
            json.put("heap_after_answers_bytes", heapAfterAnswers);
            json.put("register_all_waits_ms", round(LatencyStats.millis(registerNanos), 3));
            json.put("send_all_posts_ms", round(LatencyStats.millis(postSendNanos), 3));
            json.put("all_answered_ms", round(LatencyStats.millis(allAnsweredNanos), 3));
            json.put("first_wait_to_last_post_ms", round(LatencyStats.millis(sinceFirstWaitAtLastPostNanos), 3));
            json.put("exact_payloads", exact);
            json.put("wrong_payloads", wrongPayload);
            json.put("answered_without_payload", emptyAnswers);
            json.put("failed_waits", failedWaits);
            json.put("failed_posts", failedPosts);
            json.put("unanswered_calls", unanswered);
            json.put("first_failure", firstFailure);
            json.put("target_heap_bytes", TARGET_HEAP_BYTES);
            json.put("target_exact_payloads", waits);
            json.put("heap_met", heapHeld <= TARGET_HEAP_BYTES);
            json.put("exact_met", exact == waits);
            json.put("phase_seconds", round(phaseNanos / 1e9, 2));
            json.put("server_config", serverConfig);
            return json;
        }
    }

    private CapacityResult measureCapacity() throws Exception {
        long phaseStart = System.nanoTime();
        int connections = CAPACITY_CONNECTIONS;
        int perConnection = WAITS_PER_CONNECTION;
        int total = connections * perConnection;
        ServerConfig config = ServerConfig.defaults()
                .withAddress("127.0.0.1", 0)
                .withMailboxWait(ServerConfig.MAX_MAILBOX_WAIT)
                .withConnectionLimits(perConnection, perConnection);

        long heapBeforeServer = settledHeap();
        List<HomeserverConnection> initiators = new ArrayList<>();
        List<HomeserverConnection> responders = new ArrayList<>();
        try (Homeserver server = Homeserver.start(config, Version.current())) {
            try {
                for (int c = 0; c < connections; c++) {
                    initiators.add(connection(server.uri()));
                    responders.add(connection(server.uri()));
                }
                List<HomeserverConnection> all = new ArrayList<>(initiators);
                all.addAll(responders);
                awaitConnected(all);

                MailboxSessionId[] sessions = new MailboxSessionId[total];
                byte[][] payloads = new byte[total][];
                for (int i = 0; i < total; i++) {
                    sessions[i] = MailboxSessionId.random(ids);
                    payloads[i] = payload(i);
                }
                int sessionsBefore = server.mailboxStore().sessionCount();
                long heapIdle = settledHeap();
                histogram("connected, idle");

                // Every initiator connection starts its share of waiting calls.
                List<CompletableFuture<SyncMailboxResult>> waits = new ArrayList<>(total);
                long[] answeredAt = new long[total];
                List<CompletableFuture<Void>> answered = new ArrayList<>(total);
                long registerStart = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    HomeserverConnection initiator = initiators.get(i / perConnection);
                    CompletableFuture<SyncMailboxResult> waiting = initiator.call(Methods.SYNC_MAILBOX,
                            SyncMailboxParams.poll(sessions[i], MailboxSide.INITIATOR, true));
                    int index = i;
                    waits.add(waiting);
                    answered.add(waiting.handle((result, failure) -> {
                        answeredAt[index] = System.nanoTime();
                        return null;
                    }));
                }
                // One barrier call per connection: answered only after the server has read every
                // waiting call sent before it on that connection.
                List<CompletableFuture<SyncMailboxResult>> barriers = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    barriers.add(initiators.get(c).call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(
                            sessions[c * perConnection], MailboxSide.INITIATOR, false)));
                }
                awaitAllNudging(barriers, initiators::get, "capacity", "barrier answers");
                for (CompletableFuture<SyncMailboxResult> barrier : barriers) {
                    if (await(barrier, "a barrier call").hasPayload()) {
                        throw new HarnessFailure("a barrier call got a payload before anything was posted");
                    }
                }
                long registerNanos = System.nanoTime() - registerStart;

                int opened = server.mailboxStore().sessionCount() - sessionsBefore;
                int pendingOnClients = all.stream().mapToInt(HomeserverConnection::pendingCalls).sum();
                int held = (int) waits.stream().filter(w -> !w.isDone()).count();
                String earlyFailure = waits.stream().filter(CompletableFuture::isDone).findFirst()
                        .map(MailboxBench::outcome).orElse(null);
                if (held != total || opened != total || pendingOnClients != total) {
                    System.err.printf(Locale.ROOT, "MailboxBench: only %d of %d waits are held (server sessions %d, "
                            + "pending client calls %d); first early answer: %s%n", held, total, opened,
                            pendingOnClients, earlyFailure);
                }
                long heapHeld = settledHeap();
                histogram(total + " waits held");
                int stillHeld = (int) waits.stream().filter(w -> !w.isDone()).count();
                if (stillHeld != held) {
                    System.err.printf(Locale.ROOT, "MailboxBench: %d waits ended while the heap was measured%n",
                            held - stillHeld);
                }

                // Every session gets its own payload, posted by its responder connection.
                List<CompletableFuture<SyncMailboxResult>> posts = new ArrayList<>(total);
                long postStart = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    posts.add(responders.get(i / perConnection).call(Methods.SYNC_MAILBOX,
                            SyncMailboxParams.post(sessions[i], MailboxSide.RESPONDER, payloads[i])));
                }
                long postSendNanos = System.nanoTime() - postStart;
                long sinceFirstWait = System.nanoTime() - registerStart;
                // Wake-ups come back on the initiators' connections, post answers on the responders'.
                List<CompletableFuture<?>> replies = new ArrayList<>(answered);
                replies.addAll(posts);
                int unanswered = awaitAllNudging(replies, r -> r < total ? initiators.get(r / perConnection)
                        : responders.get((r - total) / perConnection), "capacity", "wake-ups and post answers");
                long lastAnswer = Arrays.stream(answeredAt).max().orElse(postStart);
                long allAnsweredNanos = lastAnswer - postStart;

                int exact = 0;
                int wrong = 0;
                int empty = 0;
                int failedWaits = 0;
                String firstFailure = earlyFailure;
                for (int i = 0; i < total; i++) {
                    CompletableFuture<SyncMailboxResult> waiting = waits.get(i);
                    if (!waiting.isDone()) {
                        failedWaits++;
                        firstFailure = firstFailure == null ? "a waiting call was never answered" : firstFailure;
                        continue;
                    }
                    if (waiting.isCompletedExceptionally()) {
                        failedWaits++;
                        firstFailure = firstFailure == null ? outcome(waiting) : firstFailure;
                        continue;
                    }
                    SyncMailboxResult result = waiting.join();
                    if (!result.hasPayload()) {
                        empty++;
                    } else if (Arrays.equals(result.payload(), payloads[i])) {
                        exact++;
                    } else {
                        wrong++;
                    }
                }
                int failedPosts = 0;
                for (CompletableFuture<SyncMailboxResult> post : posts) {
                    if (!post.isDone() || post.isCompletedExceptionally() || post.join().hasPayload()) {
                        failedPosts++;
                        firstFailure = firstFailure == null ? "post: " + outcome(post) : firstFailure;
                    }
                }
                long heapAfterAnswers = settledHeap();
                return new CapacityResult(connections, perConnection, total, held, opened, pendingOnClients,
                        heapBeforeServer, heapIdle,
                        heapHeld, heapAfterAnswers, registerNanos, postSendNanos, allAnsweredNanos, sinceFirstWait,
                        exact, wrong, empty, failedWaits, failedPosts, unanswered, firstFailure,
                        config.mailboxWait().toMillis(),
                        System.nanoTime() - phaseStart, config.toString());
            } finally {
                initiators.forEach(HomeserverConnection::close);
                responders.forEach(HomeserverConnection::close);
            }
        }
    }

    // ---------------------------------------------------------------- report

    private ResultTable table(LatencyResult latency, CapacityResult capacity) {
        ResultTable table = new ResultTable();
        LatencyStats stats = latency.stats();
        String sessions = String.format(Locale.ROOT, "%,d sessions", stats.count());
        double p50 = LatencyStats.millis(stats.p50Nanos());
        double p99 = LatencyStats.millis(stats.p99Nanos());
        table.check("Wake latency p50 (post -> waiting peer, " + sessions + ")", ms(p50),
                "<= " + ms(TARGET_P50_MS), p50 <= TARGET_P50_MS);
        table.info("Wake latency p90", ms(LatencyStats.millis(stats.p90Nanos())));
        table.check("Wake latency p99", ms(p99), "<= " + ms(TARGET_P99_MS), p99 <= TARGET_P99_MS);
        table.info("Wake latency max", ms(LatencyStats.millis(stats.maxNanos())));
        table.info("Wake latency mean", ms(LatencyStats.millis(stats.meanNanos())));
        table.info("For comparison: one-connection round trip p50 / p99", ms(LatencyStats.millis(
                latency.roundTrip().p50Nanos())) + " / " + ms(LatencyStats.millis(latency.roundTrip().p99Nanos())));

        long latencyStalls = stalls.stream().filter(stall -> stall.phase().equals("latency")).count();
        table.flag("Answers held back by the server (> " + STALL_THRESHOLD.toMillis() + " ms, sent after a nudge)",
                String.format(Locale.ROOT, "%d (latency %d, capacity %d)", stalls.size(), latencyStalls,
                        stalls.size() - latencyStalls), "0", stalls.isEmpty());

        int waits = capacity.waits();
        String count = String.format(Locale.ROOT, "%,d", waits);
        table.info("Waiting calls held by the server at once", String.format(Locale.ROOT, "%,d of %s (%d conns x %d)",
                capacity.held(), count, capacity.connections(), capacity.waitsPerConnection()));
        table.check("Heap used, " + count + " waits held (1 JVM: server + "
                        + 2 * capacity.connections() + " client conns)",
                mib(capacity.heapHeld()), "<= " + mib(TARGET_HEAP_BYTES), capacity.heapHeld() <= TARGET_HEAP_BYTES);
        table.info("Heap delta over connected-idle baseline", String.format(Locale.ROOT, "%s (%s per wait)",
                mib(capacity.heapDelta()), capacity.held() == 0 ? "-" : kib(capacity.heapDelta() / capacity.held())));
        table.info("Heap: before server / connected idle", mib(capacity.heapBeforeServer()) + " / "
                + mib(capacity.heapIdle()));
        table.check("Waiting calls that got exactly their payload", String.format(Locale.ROOT, "%,d of %s",
                capacity.exact(), count), count + " of " + count, capacity.exact() == waits);
        table.info("Time to register all waits (to last barrier)", ms(LatencyStats.millis(capacity.registerNanos())));
        table.info("Time from first post to last answer", ms(LatencyStats.millis(capacity.allAnsweredNanos())));
        if (capacity.exact() != waits) {
            table.info("Not exact: wrong / empty / failed waits / failed posts", capacity.wrongPayload() + " / "
                    + capacity.emptyAnswers() + " / " + capacity.failedWaits() + " / " + capacity.failedPosts());
            table.info("First failure", String.valueOf(capacity.firstFailure()));
        }
        return table;
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_runtime_version", System.getProperty("java.runtime.version"));
        env.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("java_vendor", System.getProperty("java.vendor"));
        env.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("garbage_collectors", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        env.put("os_name", System.getProperty("os.name"));
        env.put("os_version", System.getProperty("os.version"));
        env.put("os_arch", System.getProperty("os.arch"));
        env.put("available_processors", Runtime.getRuntime().availableProcessors());
        env.put("mzchat_version", Version.current());
        return env;
    }

    // ---------------------------------------------------------------- helpers

    private static HomeserverConnection connection(URI uri) {
        HomeserverConnection connection = new HomeserverConnection(uri, Clock.systemUTC(),
                Backoff.standard(new SplittableRandom(1)), CALL_TIMEOUT);
        connection.start();
        return connection;
    }

    private static void awaitConnected(List<HomeserverConnection> connections) {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (HomeserverConnection connection : connections) {
            while (!(connection.state() instanceof ConnectionState.Connected)) {
                if (System.nanoTime() > deadline) {
                    throw new HarnessFailure("a client did not connect within " + CONNECT_TIMEOUT.toSeconds()
                            + " s: " + connection.state());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /** A fresh payload; a non-negative index is written into its first bytes so payloads are distinct. */
    private byte[] payload(int index) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        bytes.nextBytes(payload);
        if (index >= 0) {
            ByteBuffer.wrap(payload).putInt(index);
        }
        return payload;
    }

    /**
     * Waits for one answer; if it takes longer than {@link #STALL_THRESHOLD}, records a held-back answer and
     * nudges the connection it should come on until it arrives.
     */
    private <T> T awaitNudging(CompletableFuture<T> future, HomeserverConnection connection, String phase,
                               String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + STEP_TIMEOUT.toNanos();
        boolean nudged = false;
        while (true) {
            try {
                T value = future.get(STALL_THRESHOLD.toMillis(), TimeUnit.MILLISECONDS);
                if (nudged) {
                    stalls.add(new Stall(phase, what, 1, System.nanoTime() - start));
                }
                return value;
            } catch (ExecutionException e) {
                throw new HarnessFailure(what + " failed: " + describe(e.getCause()), e.getCause());
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new HarnessFailure(what + " was not answered within " + STEP_TIMEOUT.toSeconds() + " s", e);
                }
                nudge(connection);
                nudged = true;
            }
        }
    }

    /**
     * Waits until every future is done or {@link #STEP_TIMEOUT} has passed. Whenever none has finished for
     * {@link #STALL_THRESHOLD}, the connections of the ones still open are nudged and a held-back answer is
     * recorded.
     *
     * @return how many are still not done
     */
    private int awaitAllNudging(List<? extends CompletableFuture<?>> futures,
                                IntFunction<HomeserverConnection> connectionOf, String phase, String what)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        long stalledSince = -1;
        int nudgedConnections = 0;
        int open = countOpen(futures);
        while (open > 0 && System.nanoTime() - start < STEP_TIMEOUT.toNanos()) {
            Thread.sleep(20);
            int now = countOpen(futures);
            if (now < open) {
                open = now;
                lastProgress = System.nanoTime();
                if (stalledSince >= 0 && open == 0) {
                    stalls.add(new Stall(phase, what, nudgedConnections, System.nanoTime() - stalledSince));
                }
                continue;
            }
            if (System.nanoTime() - lastProgress >= STALL_THRESHOLD.toNanos()) {
                Set<HomeserverConnection> waitingOn = new LinkedHashSet<>();
                for (int i = 0; i < futures.size(); i++) {
                    if (!futures.get(i).isDone()) {
                        waitingOn.add(connectionOf.apply(i));
                    }
                }
                waitingOn.forEach(MailboxBench::nudge);
                if (stalledSince < 0) {
                    stalledSince = lastProgress;
                    nudgedConnections = waitingOn.size();
                }
                lastProgress = System.nanoTime();
            }
        }
        if (open > 0 && stalledSince >= 0) {
            stalls.add(new Stall(phase, what + " (still missing " + open + ")", nudgedConnections,
                    System.nanoTime() - stalledSince));
        }
        return open;
    }

    private static int countOpen(List<? extends CompletableFuture<?>> futures) {
        int open = 0;
        for (CompletableFuture<?> future : futures) {
            if (!future.isDone()) {
                open++;
            }
        }
        return open;
    }

    /**
     * Sends a call the server answers at once with an error and no other effect. Sending that answer
     * also writes out any earlier answer that is stuck in the connection's queue.
     */
    private static void nudge(HomeserverConnection connection) {
        connection.call(Methods.SYNC_MAILBOX, NUDGE);
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HarnessFailure(what + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new HarnessFailure(what + " was not answered within " + STEP_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** With {@code -Dbench.histogram=N}, prints the N classes that take the most heap (to stderr). */
    private static void histogram(String when) {
        int top = Integer.getInteger("bench.histogram", 0);
        if (top <= 0) {
            return;
        }
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            System.err.println("Heap histogram, " + when + ":");
            String[] lines = String.valueOf(text).split("\\R");
            for (int i = 0; i < Math.min(lines.length, top + 2); i++) {
                System.err.println("  " + lines[i]);
            }
            System.err.println("  " + lines[lines.length - 1]);
        } catch (JMException e) {
            System.err.println("No heap histogram: " + e);
        }
    }

    /** Collections so far and their total time in milliseconds, over all collectors. */
    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** Heap in use after the collector has had a few chances to clear garbage. */
    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String outcome(CompletableFuture<?> future) {
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

    private static String describe(SyncMailboxResult result) {
        return result.hasPayload() ? "a payload of " + result.payload().length + " bytes" : "no payload";
    }

    private static String describe(Throwable failure) {
        if (failure instanceof RpcException rpc) {
            return "error " + rpc.error().code() + " " + rpc.getMessage();
        }
        return failure.toString();
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.3f ms" : "%.1f ms", millis);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    private static void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("MailboxBench: the harness did not finish within " + WATCHDOG.toSeconds()
                    + " s; threads:");
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                System.err.print(info);
            }
            Runtime.getRuntime().halt(3);
        }, "mailbox-bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The benchmark itself could not run as designed; not a missed target. */
    private static final class HarnessFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HarnessFailure(String message) {
            super(message);
        }

        HarnessFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
