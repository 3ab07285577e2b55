package chat.mz.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The device-sync bench's waits for what announces no event of its own (a session or a room key stored, a
 * batch delivered, the sync outbox emptied), checked every 0.2 ms so the wait adds little to the rounds it
 * ends. Answers and announcements are waited for with {@link BenchClients#await}.
 */
final class SyncWaits {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private SyncWaits() {
    }

    /** Whether {@code condition} holds within {@code limit}, checked every 0.2 ms. */
    static boolean holdsWithin(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** Checks {@code condition} every 0.2 ms until it holds; for what has no event of its own. */
    static void spinUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new HarnessFailure(what + " did not happen within " + PATIENCE.toSeconds() + " s");
            }
            LockSupport.parkNanos(200_000);
        }
    }
}
