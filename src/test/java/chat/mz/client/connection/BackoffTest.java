package chat.mz.client.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Reconnect delays: doubling, capped, drawn from the upper half of each ceiling, reproducible. */
class BackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    /** Always the largest value allowed, so each delay is its ceiling. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return -1;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }

        @Override
        public long nextLong(long origin, long bound) {
            return bound - 1;
        }
    };

    /** Always the smallest value allowed, so each delay is half its ceiling. */
    private static final RandomGenerator LOWEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }

        @Override
        public long nextLong(long origin, long bound) {
            return origin;
        }
    };

    @Test
    void theCeilingDoublesWithEachFailureUpToTheMax() {
        Backoff top = new Backoff(INITIAL, MAX, HIGHEST);
        List<Long> ceilings = new ArrayList<>();
        for (int failures = 1; failures <= 9; failures++) {
            ceilings.add(top.delay(failures).toMillis());
        }
        assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L), ceilings);

        Backoff bottom = new Backoff(INITIAL, MAX, LOWEST);
        List<Long> floors = new ArrayList<>();
        for (int failures = 1; failures <= 9; failures++) {
            floors.add(bottom.delay(failures).toMillis());
        }
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 15_000L, 15_000L, 15_000L), floors);
    }

    @Test
    void everyDelayLiesInTheUpperHalfOfItsCeiling() {
        Backoff backoff = new Backoff(INITIAL, MAX, new SplittableRandom(1));
        for (int failures = 1; failures <= 40; failures++) {
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(failures - 1, 30));
            for (int draw = 0; draw < 200; draw++) {
                long delay = backoff.delay(failures).toMillis();
                assertTrue(delay >= ceiling / 2 && delay <= ceiling,
                        "failure " + failures + ": " + delay + " ms is outside [" + ceiling / 2 + ", " + ceiling + "]");
            }
        }
    }

    @Test
    void absurdFailureCountsStayAtTheMax() {
        Backoff backoff = new Backoff(INITIAL, MAX, new SplittableRandom(2));
        for (int failures : new int[] {31, 32, 63, 64, 1_000, Integer.MAX_VALUE}) {
            long delay = backoff.delay(failures).toMillis();
            assertTrue(delay >= MAX.toMillis() / 2 && delay <= MAX.toMillis(), failures + " failures: " + delay);
        }
        long first = new Backoff(INITIAL, MAX, HIGHEST).delay(0).toMillis();
        assertEquals(INITIAL.toMillis(), first, "no failures yet counts as the first");
    }

    @Test
    void shortSettingsAsTestsUseThem() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), HIGHEST);
        assertEquals(List.of(50L, 100L, 200L, 400L, 400L),
                List.of(backoff.delay(1).toMillis(), backoff.delay(2).toMillis(), backoff.delay(3).toMillis(),
                        backoff.delay(4).toMillis(), backoff.delay(5).toMillis()));
        assertEquals(Duration.ofMillis(500), Backoff.standard(HIGHEST).initial());
        assertEquals(Duration.ofSeconds(30), Backoff.standard(HIGHEST).max());
    }

    @Test
    void theJitterSpreadsOverTheWholeUpperHalf() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Random(3));
        Set<Long> distinct = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delay(10).toMillis();
            distinct.add(delay);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(distinct.size() > 1_000, "many different delays: " + distinct.size());
        assertTrue(min < 15_000 + 300 && max > 30_000 - 300, "from near half to near the ceiling: " + min + ".." + max);
    }

    @Test
    void differentSeedsGiveDifferentDelays() {
        assertNotEquals(delays(new Random(1)), delays(new Random(2)));
        assertNotEquals(delays(new SplittableRandom(1)), delays(new SplittableRandom(2)));
    }

    @Test
    void aFixedSeedGivesTheSameDelays() {
        assertEquals(delays(new Random(99)), delays(new Random(99)));
        assertEquals(delays(new SplittableRandom(99)), delays(new SplittableRandom(99)));
    }

    private static List<Long> delays(RandomGenerator random) {
        Backoff backoff = new Backoff(INITIAL, MAX, random);
        List<Long> delays = new ArrayList<>();
        for (int failures = 1; failures <= 20; failures++) {
            delays.add(backoff.delay(failures).toMillis());
        }
        return delays;
    }
}
