package chat.mz.bench;

import java.util.Arrays;

/** Order statistics of a set of latency samples in nanoseconds, nearest-rank percentiles. */
record LatencyStats(int count, long minNanos, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos,
                    double meanNanos) {

    static LatencyStats of(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
    }

    /** Nearest rank: the smallest sample with at least {@code p} percent of the samples at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }

    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    static double millis(double nanos) {
        return nanos / 1_000_000.0;
    }
}
