package chat.mz.client.connection;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: doubling from {@code initial} up to {@code max}, each drawn at random from the
 * upper half of its range, so that many clients cut off together do not return together.
 */
public record Backoff(Duration initial, Duration max, RandomGenerator random) {

    public static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random);
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} failures in a row (≥ 1). */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << doublings);
        if (ceiling < 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
