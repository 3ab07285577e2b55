package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads at once: the network thread receiving, the UI's thread writing and reading. */
class ConcurrencyTest {
    private static final int THREADS = 6;
    private static final int MESSAGES = 300;

    @TempDir
    Path dir;

    @Test
    void threadsAddingAtOnceLoseAndDuplicateNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (History history = History.open(file(dir), key(1), new FakeClock(T0))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> added = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                added.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (long seq = 1; seq <= MESSAGES; seq++) {
                        // every thread delivers the shared conversation "s", the same copies racing
                        if (history.addReceived(received("s", seq, "shared " + seq))) {
                            count++;
                        }
                        if (history.addReceived(received("own" + thread, seq, "own " + seq))) {
                            count++;
                        }
                        if (seq % 30 == 0) {
                            history.addPending(pending("own" + thread, "p" + seq, "mine", T0));
                        }
                    }
                    return count;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int reads = 0;
                while (!added.stream().allMatch(Future::isDone)) {
                    history.sessions();
                    history.latest("s", 50);
                    history.search("shared", 20);
                    reads++;
                }
                return reads;
            });
            start.countDown();
            int total = 0;
            for (Future<Integer> future : added) {
                total += future.get(2, TimeUnit.MINUTES);
            }
            assertTrue(reader.get(2, TimeUnit.MINUTES) > 0);

            assertEquals(MESSAGES + THREADS * MESSAGES, total, "each message added by exactly one thread");
            assertEquals(MESSAGES, history.session("s").orElseThrow().unreadCount());
            assertEquals(MESSAGES, history.session("own0").orElseThrow().unreadCount());
            assertEquals(MESSAGES + THREADS * MESSAGES, history.totalUnread());
            assertEquals(THREADS * (MESSAGES / 30), history.outbox().size());
            assertEquals(MESSAGES, history.search("shared", 1000).size(), "indexed once each");
            assertEquals(MESSAGES, history.before("s", Long.MAX_VALUE, 1000).size());
        } finally {
            pool.shutdownNow();
        }
    }
}
