package chat.mz.bench;

import chat.mz.protocol.mailbox.SyncMailboxParams;
import java.util.concurrent.TimeUnit;

/**
 * How big a run is. Every size can be changed with the system property named in {@link #fromSystemProperties}.
 *
 * @param settleNanos pause between "the wait is registered" and the post, so that the waiting side's threads
 *                    are parked and the wake-up is measured from cold, as a real idle client would see it
 */
record BenchSettings(int warmupSessions, int measuredSessions, long settleNanos, int capacityConnections,
                     int waitsPerConnection, int payloadBytes) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.latency.warmup", 200),
                Integer.getInteger("bench.latency.sessions", 1_000),
                TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("bench.latency.settleMillis", 2)),
                Integer.getInteger("bench.capacity.connections", 50),
                Integer.getInteger("bench.capacity.waitsPerConnection", 100),
                Integer.getInteger("bench.payloadBytes", 64));
    }

    /** Why these settings cannot run, or {@code null} when they can. */
    String problem() {
        // The capacity phase writes each session's index into its payload's first four bytes.
        if (payloadBytes < Integer.BYTES || payloadBytes > SyncMailboxParams.MAX_PAYLOAD_BYTES) {
            return "bench.payloadBytes must be between " + Integer.BYTES + " and "
                    + SyncMailboxParams.MAX_PAYLOAD_BYTES;
        }
        if (measuredSessions < 1 || warmupSessions < 0 || capacityConnections < 1 || waitsPerConnection < 1) {
            return "bench.latency.sessions, bench.capacity.connections and bench.capacity.waitsPerConnection must "
                    + "be at least 1, bench.latency.warmup at least 0";
        }
        return null;
    }

    int capacityWaits() {
        return capacityConnections * waitsPerConnection;
    }
}
