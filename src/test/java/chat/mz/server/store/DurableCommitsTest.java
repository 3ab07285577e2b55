package chat.mz.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Answers wait for a write that began after them, and many answers share one write. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DurableCommitsTest {
    private static final long PATIENCE_SECONDS = 10;

    /** A write that holds until the test lets it end; each write takes one permit. */
    private final GatedWrite write = new GatedWrite();
    private final DurableCommits durable = new DurableCommits(write);

    @AfterEach
    void tearDown() {
        write.letAllThrough();
        durable.close();
    }

    @Test
    void whoArrivesDuringAWriteWaitsForTheNextOne() throws Exception {
        CompletableFuture<Void> first = durable.afterNextWrite().toCompletableFuture();
        write.awaitBegun(1);
        List<CompletableFuture<Void>> during = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            during.add(durable.afterNextWrite().toCompletableFuture());
        }

        write.letOneThrough();
        first.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        write.awaitBegun(2);
        assertTrue(during.stream().noneMatch(CompletableFuture::isDone),
                "a write that began before them does not cover them");

        write.letOneThrough();
        for (CompletableFuture<Void> each : during) {
            each.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(2, write.begun.get(), "the ten who came during the first write shared the second");
    }

    @Test
    void aFailedWriteFailsItsWaitersAndTheNextOneWritesAgain() throws Exception {
        write.failNext();
        CompletableFuture<Void> failed = durable.afterNextWrite().toCompletableFuture();
        write.letOneThrough();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> failed.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(StoreException.class, e.getCause());

        CompletableFuture<Void> later = durable.afterNextWrite().toCompletableFuture();
        write.letOneThrough();
        later.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, write.begun.get());
    }

    @Test
    void afterCloseAnswersFailInsteadOfWaitingForever() throws Exception {
        write.letAllThrough();
        durable.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> durable.afterNextWrite().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(StoreException.class, e.getCause());
    }

    @Test
    void anInMemoryDatabaseHasNothingToWaitFor() {
        try (ServerDatabase database = ServerDatabase.open(null, new FakeClock());
             DurableCommits memory = DurableCommits.of(database)) {
            assertTrue(memory.afterNextWrite().toCompletableFuture().isDone());
        }
    }

    @Test
    void aFileDatabaseIsWritten(@TempDir Path data) throws Exception {
        try (ServerDatabase database = ServerDatabase.open(data, new FakeClock());
             DurableCommits file = DurableCommits.of(database)) {
            file.afterNextWrite().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStoreExecutorAnswersOnlyAfterTheWrite() throws Exception {
        try (StoreExecutor executor = new StoreExecutor(1, 10, durable)) {
            CompletableFuture<Integer> answer = executor.run(() -> 42).toCompletableFuture();
            write.awaitBegun(1);
            assertFalse(answer.isDone(), "answered before the write finished");
            write.letOneThrough();
            assertEquals(42, answer.get(PATIENCE_SECONDS, TimeUnit.SECONDS));

            RpcException refusal = new RpcException(ErrorCode.NOT_A_MEMBER);
            CompletableFuture<Integer> refused = executor.<Integer>run(() -> {
                throw refusal;
            }).toCompletableFuture();
            write.awaitBegun(2);
            assertFalse(refused.isDone(), "a refusal may rest on another request's commit: it waits too");
            write.letOneThrough();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> refused.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertSame(refusal, e.getCause());
        }
    }

    @Test
    void aFailedWriteFailsTheAnswer() throws Exception {
        try (StoreExecutor executor = new StoreExecutor(1, 10, durable)) {
            write.failNext();
            CompletableFuture<Integer> answer = executor.run(() -> 42).toCompletableFuture();
            write.letOneThrough();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> answer.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, e.getCause());
        }
    }

    private static final class GatedWrite implements Runnable {
        final AtomicInteger begun = new AtomicInteger();
        private final BlockingQueue<Boolean> permits = new LinkedBlockingQueue<>();
        private final BlockingQueue<Integer> begins = new LinkedBlockingQueue<>();
        private volatile boolean open;
        private volatile boolean failNext;

        @Override
        public void run() {
            begins.add(begun.incrementAndGet());
            try {
                if (!open && permits.poll(PATIENCE_SECONDS, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("the test never let the write end");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failNext) {
                failNext = false;
                throw new StoreException("the disk is full");
            }
        }

        void awaitBegun(int count) throws InterruptedException {
            while (begun.get() < count) {
                if (begins.poll(PATIENCE_SECONDS, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("write " + count + " never began");
                }
            }
        }

        void letOneThrough() {
            permits.add(true);
        }

        void letAllThrough() {
            open = true;
            permits.add(true);
        }

        void failNext() {
            failNext = true;
        }
    }
}
