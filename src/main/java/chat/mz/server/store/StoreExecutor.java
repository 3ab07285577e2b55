package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The few threads that talk to the database, so that a slow disk or a lock wait never holds up a
 * WebSocket thread (which serves many connections). The queue is bounded: when it is full a request
 * is answered "busy" at once instead of piling up.
 */
public final class StoreExecutor implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public StoreExecutor(int threads, int queueLength) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueLength), runnable -> {
                    Thread thread = new Thread(runnable, "mzchat-server-store-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Two threads and room for a thousand waiting requests: plenty for one H2 file. */
    public static StoreExecutor standard() {
        return new StoreExecutor(2, 1000);
    }

    /**
     * Runs {@code work} on a store thread. Whatever it throws fails the stage; a full queue fails it
     * with {@link ErrorCode#SERVER_BUSY}.
     */
    public <T> CompletionStage<T> run(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.SERVER_BUSY));
        }
    }

    /** Lets queued work finish (briefly), then stops the threads. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
