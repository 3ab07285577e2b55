package chat.mz.bench;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The re-key bench's waits: for a call's answer, for a device to hold a key, for the sender to settle. */
final class RekeyWaits {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long the sender may take to work through the joins of a large group before the re-keys start. */
    static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);

    private RekeyWaits() {
    }

    /** Waits until {@code device} holds key {@code epoch} of the session. */
    static void awaitEpoch(RekeyDevice device, String sessionId, long epoch) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (device.history().roomKeys().get(sessionId, epoch).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new HarnessFailure("device " + device.index() + " of " + device.member().username()
                        + " did not receive key " + epoch + " within " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the sender has had no call in flight but its waiting fetch for a second: what the group's
     * making, joins and earlier re-keys set off (session refreshes, keys for newcomers) is over.
     */
    static void quiet(RekeyDevice sender) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(1)) {
            if (sender.online().connection().pendingCalls() > 1) {
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new HarnessFailure("the sender did not settle within " + SETTLE_LIMIT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    static <T> T get(Future<T> future, String what) throws InterruptedException {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HarnessFailure(what + " failed: " + BenchClients.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new HarnessFailure(what + " took longer than " + PATIENCE.toSeconds() + " s", e);
        }
    }
}
