package chat.mz.ui.chats;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the JavaFX thread in view model tests without a window: one thread that runs the
 * view models' UI work in order, and on which the tests read their state.
 */
final class UiThread implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "test-ui");
        t.setDaemon(true);
        return t;
    });

    void execute(Runnable task) {
        thread.execute(task);
    }

    <T> T get(Callable<T> read) {
        try {
            return thread.submit(read).get(LoopbackChat.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading on the UI thread failed", e);
        }
    }

    void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /** Waits until {@code condition}, evaluated on this thread, holds. */
    void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        LoopbackChat.waitFor(what, () -> get(condition::getAsBoolean));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
