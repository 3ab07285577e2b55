package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The thread that talks to the database, so that a slow disk or a lock wait never holds up a
 * WebSocket thread (which serves many connections). Every database change must go through it. The queue is bounded: when it is full a request
 * is answered "busy" at once instead of piling up.
 *
 * <p>Every stage it hands out completes only once what the work committed, and everything it read,
 * is in the database file ({@link DurableCommits}): an answer never promises what a killed process
 * would lose. The store thread is free for the next work meanwhile.
 */
public final class StoreExecutor implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final DurableCommits durable;

    /** @param durable holds each answer back until what it reports is in the database file */
    public StoreExecutor(int threads, int queueLength, DurableCommits durable) {
        this.durable = durable;
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueLength), runnable -> {
                    Thread thread = new Thread(runnable, "mzchat-server-store-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * One thread and room for a thousand waiting requests. One: H2 writes its file as part of each
     * commit, and a write taken while another thread is half-way through a transaction can bring
     * back half of that transaction after a crash ({@link chat.mz.storage.H2Files}).
     */
    public static StoreExecutor standard(DurableCommits durable) {
        return new StoreExecutor(1, 1000, durable);
    }

    /**
     * Runs {@code work} on a store thread; the stage completes once a write of the database file that
     * began after the work ended has finished. Whatever the work throws fails the stage (after that
     * write too: a refusal may rest on what another request committed); a failed write fails it; a
     * full queue fails it at once with {@link ErrorCode#SERVER_BUSY}. The stage may complete on the
     * database's writer thread: what is chained to it must not block.
     */
    public <T> CompletionStage<T> run(Supplier<T> work) {
        CompletableFuture<T> done;
        try {
            done = CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.SERVER_BUSY));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        done.whenComplete((value, failure) -> durable.afterNextWrite().whenComplete((written, writeFailure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (writeFailure != null) {
                answer.completeExceptionally(writeFailure);
            } else {
                answer.complete(value);
            }
        }));
        return answer;
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
