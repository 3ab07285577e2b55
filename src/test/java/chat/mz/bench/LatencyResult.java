package chat.mz.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link LatencyPhase} measured.
 *
 * @param stats      wake latency of the measured sessions: post sent to the waiting call completed
 * @param roundTrip  for comparison, the barrier call's round trip in the same sessions
 * @param heldBack   answers slower than {@link HeldBack#THRESHOLD}, warm-up included
 * @param gcCount    collections during the measured sessions (a pause there shows in the tail)
 */
record LatencyResult(LatencyStats stats, LatencyStats roundTrip, int warmup, long settleNanos, int payloadBytes,
                     long gcCount, long gcMillis, HeldBack heldBack, long phaseNanos, String serverConfig) {
    static final double TARGET_P50_MS = 2.0;
    static final double TARGET_P99_MS = 20.0;

    double p50Millis() {
        return LatencyStats.millis(stats.p50Nanos());
    }

    double p99Millis() {
        return LatencyStats.millis(stats.p99Nanos());
    }

    void addRows(ResultTable table) {
        String sessions = String.format(Locale.ROOT, "%,d sessions", stats.count());
        table.check("Wake latency p50 (post -> waiting peer, " + sessions + ")", Units.ms(p50Millis()),
                "<= " + Units.ms(TARGET_P50_MS), p50Millis() <= TARGET_P50_MS);
        table.info("Wake latency p90", Units.ms(LatencyStats.millis(stats.p90Nanos())));
        table.check("Wake latency p99", Units.ms(p99Millis()), "<= " + Units.ms(TARGET_P99_MS),
                p99Millis() <= TARGET_P99_MS);
        table.info("Wake latency max", Units.ms(LatencyStats.millis(stats.maxNanos())));
        table.info("Wake latency mean", Units.ms(LatencyStats.millis(stats.meanNanos())));
        table.info("For comparison: one-connection round trip p50 / p99",
                Units.ms(LatencyStats.millis(roundTrip.p50Nanos())) + " / "
                        + Units.ms(LatencyStats.millis(roundTrip.p99Nanos())));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("description", "post sent -> waiting peer's call completes; loopback WebSocket, one server and "
                + "two client connections in this JVM; sessions one at a time");
        json.put("sessions_measured", stats.count());
        json.put("sessions_warmup", warmup);
        json.put("settle_before_post_ms", LatencyStats.millis(settleNanos));
        json.put("payload_bytes", payloadBytes);
        json.put("min_ms", Units.roundMillis(stats.minNanos(), 4));
        json.put("p50_ms", Units.roundMillis(stats.p50Nanos(), 4));
        json.put("p90_ms", Units.roundMillis(stats.p90Nanos(), 4));
        json.put("p99_ms", Units.roundMillis(stats.p99Nanos(), 4));
        json.put("max_ms", Units.roundMillis(stats.maxNanos(), 4));
        json.put("mean_ms", Units.round(LatencyStats.millis(stats.meanNanos()), 4));
        json.put("target_p50_ms", TARGET_P50_MS);
        json.put("target_p99_ms", TARGET_P99_MS);
        json.put("p50_met", p50Millis() <= TARGET_P50_MS);
        json.put("p99_met", p99Millis() <= TARGET_P99_MS);
        Map<String, Object> rtt = new LinkedHashMap<>();
        rtt.put("description", "for comparison: a non-waiting SyncMailbox call's round trip on one connection "
                + "(the barrier call sent right after each waiting call)");
        rtt.put("p50_ms", Units.roundMillis(roundTrip.p50Nanos(), 4));
        rtt.put("p90_ms", Units.roundMillis(roundTrip.p90Nanos(), 4));
        rtt.put("p99_ms", Units.roundMillis(roundTrip.p99Nanos(), 4));
        rtt.put("max_ms", Units.roundMillis(roundTrip.maxNanos(), 4));
        json.put("round_trip", rtt);
        json.put("gc_collections_during_measured", gcCount);
        json.put("gc_time_during_measured_ms", gcMillis);
        json.put("phase_seconds", Units.round(phaseNanos / 1e9, 2));
        json.put("server_config", serverConfig);
        return json;
    }
}
