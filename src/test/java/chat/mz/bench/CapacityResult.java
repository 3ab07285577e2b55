package chat.mz.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link CapacityPhase} measured.
 *
 * @param held                waiting calls still open when the heap was read (all of them, normally)
 * @param serverSessionsOpened sessions the server's mailbox store gained while the waits were registered
 * @param pendingClientCalls  calls the client connections were still waiting on at that point
 * @param heldBack            answers slower than {@link HeldBack#THRESHOLD}: barriers, wake-ups, post answers
 */
record CapacityResult(int connections, int waitsPerConnection, int payloadBytes, long mailboxWaitMillis,
                      int held, int serverSessionsOpened, int pendingClientCalls, Heap heap, Timings timings,
                      Answers answers, HeldBack heldBack, long phaseNanos, String serverConfig) {
    static final long TARGET_HEAP_BYTES = 256L * 1024 * 1024;

    /** Heap in use after a few forced collections; each reading is for the whole JVM. */
    record Heap(long beforeServer, long connectedIdle, long withWaits, long afterAnswers) {
        long delta() {
            return withWaits - connectedIdle;
        }
    }

    /**
     * @param registerNanos             first waiting call sent to last barrier answered
     * @param postSendNanos             time to hand every post to the client connections
     * @param allAnsweredNanos          first post sent to last wake-up
     * @param firstWaitToLastPostNanos  first waiting call sent to the last post handed over
     */
    record Timings(long registerNanos, long postSendNanos, long allAnsweredNanos, long firstWaitToLastPostNanos) {
    }

    /**
     * How the waiting calls ended, and the posts' answers.
     *
     * @param unanswered waiting calls and posts with no answer within {@link BenchClients#ANSWER_TIMEOUT}
     */
    record Answers(int exact, int wrongPayload, int empty, int failedWaits, int failedPosts, int unanswered,
                   String firstFailure) {
    }

    int waits() {
        return connections * waitsPerConnection;
    }

    boolean heapMet() {
        return heap.withWaits() <= TARGET_HEAP_BYTES;
    }

    boolean exactMet() {
        return answers.exact() == waits();
    }

    void addRows(ResultTable table) {
        String count = String.format(Locale.ROOT, "%,d", waits());
        table.info("Waiting calls held by the server at once", String.format(Locale.ROOT, "%,d of %s (%d conns x %d)",
                held, count, connections, waitsPerConnection));
        table.check("Heap used, " + count + " waits held (1 JVM: server + " + 2 * connections + " client conns)",
                Units.mib(heap.withWaits()), "<= " + Units.mib(TARGET_HEAP_BYTES), heapMet());
        table.info("Heap delta over connected-idle baseline", String.format(Locale.ROOT, "%s (%s per wait)",
                Units.mib(heap.delta()), held == 0 ? "-" : Units.kib(heap.delta() / held)));
        table.info("Heap: before server / connected idle",
                Units.mib(heap.beforeServer()) + " / " + Units.mib(heap.connectedIdle()));
        table.check("Waiting calls that got exactly their payload", String.format(Locale.ROOT, "%,d of %s",
                answers.exact(), count), count + " of " + count, exactMet());
        table.info("Time to register all waits (to last barrier)",
                Units.ms(LatencyStats.millis(timings.registerNanos())));
        table.info("Time from first post to last answer", Units.ms(LatencyStats.millis(timings.allAnsweredNanos())));
        if (!exactMet()) {
            table.info("Not exact: wrong / empty / failed waits / failed posts", answers.wrongPayload() + " / "
                    + answers.empty() + " / " + answers.failedWaits() + " / " + answers.failedPosts());
            table.info("First failure", String.valueOf(answers.firstFailure()));
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("description", "waiting SyncMailbox calls held by one server at once, then each answered by a "
                + "post; heap figures are for the whole JVM, which holds the server AND all client connections");
        json.put("initiator_connections", connections);
        json.put("responder_connections", connections);
        json.put("waits_per_connection", waitsPerConnection);
        json.put("waits", waits());
        json.put("held_by_server", held);
        json.put("server_sessions_opened", serverSessionsOpened);
        json.put("pending_client_calls", pendingClientCalls);
        json.put("payload_bytes", payloadBytes);
        json.put("server_mailbox_wait_ms", mailboxWaitMillis);
        json.put("heap_before_server_bytes", heap.beforeServer());
        json.put("heap_connected_idle_bytes", heap.connectedIdle());
        json.put("heap_with_waits_bytes", heap.withWaits());
        json.put("heap_delta_bytes", heap.delta());
        json.put("heap_delta_per_wait_bytes", held == 0 ? null : heap.delta() / held);
        json.put("heap_after_answers_bytes", heap.afterAnswers());
        json.put("register_all_waits_ms", Units.roundMillis(timings.registerNanos(), 3));
        json.put("send_all_posts_ms", Units.roundMillis(timings.postSendNanos(), 3));
        json.put("all_answered_ms", Units.roundMillis(timings.allAnsweredNanos(), 3));
        json.put("first_wait_to_last_post_ms", Units.roundMillis(timings.firstWaitToLastPostNanos(), 3));
        json.put("exact_payloads", answers.exact());
        json.put("wrong_payloads", answers.wrongPayload());
        json.put("answered_without_payload", answers.empty());
        json.put("failed_waits", answers.failedWaits());
        json.put("failed_posts", answers.failedPosts());
        json.put("unanswered_calls", answers.unanswered());
        json.put("first_failure", answers.firstFailure());
        json.put("target_heap_bytes", TARGET_HEAP_BYTES);
        json.put("target_exact_payloads", waits());
        json.put("heap_met", heapMet());
        json.put("exact_met", exactMet());
        json.put("phase_seconds", Units.round(phaseNanos / 1e9, 2));
        json.put("server_config", serverConfig);
        return json;
    }
}
