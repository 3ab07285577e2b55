package chat.mz.client.connection;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: doubling from {@code initial} up to {@code max}, each drawn at random from the
 * upper half of its range, so that many clients cut off together do not return together.
 */
public record Backoff(Duration initial, Duration max, RandomGenerator random) {

    public Backoff {
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the initial delay must be at least 1 ms and at most the maximum");
        }
    }

    public static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random);
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} failures in a row (≥ 1). */
    public Duration delay(int failures) {
        long ceiling = initial.toMillis();
        for (int doubled = 1; doubled < failures && ceiling < max.toMillis(); doubled++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
