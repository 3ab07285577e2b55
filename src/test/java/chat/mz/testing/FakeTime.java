package chat.mz.testing;

import chat.mz.server.Cancellable;
import chat.mz.server.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock and scheduler that only move when a test says so: {@link #advance(Duration)} moves the
 * time and runs, in order, every task that falls due on the way.
 */
public final class FakeTime extends FakeClock implements Scheduler {
    private long sequence;
    private final List<Task> tasks = new ArrayList<>();

    public FakeTime(Instant start) {
        super(start);
    }

    public FakeTime() {
        super();
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now.plus(delay), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (FakeTime.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }

    @Override
    public void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.due.isAfter(target))
                        .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            next.action.run();
        }
    }

    private record Task(Instant due, long order, Runnable action) {
    }
}
