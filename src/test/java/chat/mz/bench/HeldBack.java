package chat.mz.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many answers came more than {@link #THRESHOLD} after the request they answer, and the slowest answer of
 * all (held back or not, so a run shows its margin to the threshold).
 *
 * <p>On loopback a normal answer takes well under 100 ms even on a loaded machine. Java-WebSocket 1.6.0's
 * server could strand a queued answer until the connection's next frame (for an idle client, the 30 s ping);
 * the homeserver's {@code WriteStallGuard} now flushes such answers within milliseconds. Any count above
 * zero here means that fix has regressed, so the bench reports it with a target of 0. A held wait is not an
 * answer: a wake-up is timed from the post that triggers it.
 */
record HeldBack(int count, long slowestNanos) {
    static final Duration THRESHOLD = Duration.ofSeconds(1);
    static final HeldBack NONE = new HeldBack(0, 0);

    /** This tally with one more answer that took {@code answerNanos}. */
    HeldBack plus(long answerNanos) {
        return new HeldBack(answerNanos > THRESHOLD.toNanos() ? count + 1 : count,
                Math.max(slowestNanos, answerNanos));
    }

    HeldBack plus(HeldBack other) {
        return new HeldBack(count + other.count, Math.max(slowestNanos, other.slowestNanos));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", count);
        json.put("slowest_answer_ms", Units.roundMillis(slowestNanos, 1));
        return json;
    }
}
