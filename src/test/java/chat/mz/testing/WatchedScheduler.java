package chat.mz.testing;

import chat.mz.server.Cancellable;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real timer thread, plus a count of the tasks still armed (scheduled, neither run nor
 * cancelled), by delay. A homeserver arms one timer per waiting mailbox call, so a test can wait
 * on a monitor until the server holds exactly the waits it expects, instead of sleeping.
 */
public final class WatchedScheduler implements Scheduler, AutoCloseable {
    private final ExecutorScheduler delegate = new ExecutorScheduler("mzchat-test-timers");
    private final Map<Duration, Integer> armed = new HashMap<>();

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        AtomicBoolean settled = new AtomicBoolean();
        change(delay, +1);
        Cancellable inner = delegate.schedule(delay, () -> {
            if (settled.compareAndSet(false, true)) {
                change(delay, -1);
                task.run();
            }
        });
        return () -> {
            if (settled.compareAndSet(false, true)) {
                inner.cancel();
                change(delay, -1);
            }
        };
    }

    /** Tasks with this delay that are still armed. */
    public synchronized int armed(Duration delay) {
        return armed.getOrDefault(delay, 0);
    }

    /** Waits until exactly {@code count} tasks with this delay are armed; fails the test otherwise. */
    public synchronized void awaitArmed(Duration delay, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (armed(delay) != count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " armed timers of " + delay + " but "
                        + armed(delay) + " stayed armed");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private synchronized void change(Duration delay, int by) {
        armed.merge(delay, by, Integer::sum);
        notifyAll();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
