package chat.mz.server;

import java.time.Duration;

/**
 * Runs a task once after a delay. The homeserver takes its timers through this interface so that
 * tests drive expiry and timeouts with a fake clock instead of sleeping.
 */
public interface Scheduler {
    Cancellable schedule(Duration delay, Runnable task);
}
