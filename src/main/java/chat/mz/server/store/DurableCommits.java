package chat.mz.server.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Holds answers back until what they report is in the database file (group commit).
 *
 * <p>H2 commits a transaction to its in-memory store and writes the file later, in the background
 * (up to half a second later). An answer sent in between promises something a killed process loses
 * for good: the sender drops a message from its outbox once it has its {@code seq}, a device is
 * handed again what it acknowledged, a receiver stores an entry under a {@code seq} that another
 * message gets after the restart. So every answer built from the database waits for a write of the store that
 * <em>began after</em> its store work ended: such a write covers every transaction committed before
 * it began, and everything the work read.
 *
 * <p>One write runs at a time, on a thread of its own. Whoever arrives while a write runs waits for
 * the next one, which then covers them all: under load many answers share one write, and the write
 * rate stays bounded by the disk rather than by the number of requests. Neither the store threads
 * nor the WebSocket threads ever wait for the disk; the stages complete on the writer thread, so what
 * is chained to them must not block.
 *
 * <p>An in-memory database has nothing to write: its stages complete at once.
 */
public final class DurableCommits implements AutoCloseable {
    private final Runnable write;
    private final ExecutorService writer;
    /** The waiters of the write that has not begun yet; null when there are none. Guarded by this. */
    private CompletableFuture<Void> next;
    /** Whether the writer thread has a turn under way. Guarded by this. */
    private boolean writing;

    /**
     * @param write writes every change committed so far to the file and returns once it is there;
     *              throws when it could not
     */
    public DurableCommits(Runnable write) {
        this.write = write;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mzchat-server-store-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    private DurableCommits() {
        this.write = null;
        this.writer = null;
    }

    /** Writes to {@code database}'s file, or nothing when it is in memory. */
    public static DurableCommits of(ServerDatabase database) {
        return database.inFile() ? new DurableCommits(database::writeCommitted) : new DurableCommits();
    }

    /**
     * Completes once a write of the store that began after this call has finished: everything
     * committed before the call is then in the file. Fails with the write's failure, or with a
     * {@link StoreException} once closed.
     */
    public CompletionStage<Void> afterNextWrite() {
        if (writer == null) {
            return CompletableFuture.completedStage(null);
        }
        CompletableFuture<Void> waiting;
        boolean startTurn;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            waiting = next;
            startTurn = !writing;
            writing = true;
        }
        if (startTurn) {
            try {
                writer.execute(this::writeWhileAwaited);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    next = null;
                    writing = false;
                }
                waiting.completeExceptionally(new StoreException("The homeserver is shutting down."));
            }
        }
        return waiting.minimalCompletionStage();
    }

    /** One turn of the writer: writes as long as someone waits for a write that has not begun. */
    private void writeWhileAwaited() {
        while (true) {
            CompletableFuture<Void> waiters;
            synchronized (this) {
                waiters = next;
                next = null;
                if (waiters == null) {
                    writing = false;
                    return;
                }
            }
            // taken before the write begins: every waiter in it had committed by now
            try {
                write.run();
            } catch (Throwable e) {
                // whatever it was, the waiters hear of it: a writer that died silently would hold
                // every later answer forever
                waiters.completeExceptionally(e);
                continue;
            }
            waiters.complete(null);
        }
    }

    /** Lets the writes that are awaited finish (briefly), then stops the writer thread. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
