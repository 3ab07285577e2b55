package chat.mz.client.e2ee;

import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.ADA_PHONE;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE;
import static chat.mz.client.e2ee.Fixtures.OTHER_SESSION;
import static chat.mz.client.e2ee.Fixtures.SESSION;
import static chat.mz.client.e2ee.RoomCipherTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The anti-replay window and the in-memory guard built on it. */
class ReplayWindowTest {
    @Test
    void countersInOrderAreAcceptedOnce() throws Exception {
        ReplayWindow window = ReplayWindow.empty(64);
        for (long counter = 1; counter <= 200; counter++) {
            window = window.accept(counter);
        }

        assertEquals(200, window.highest());
        ReplayWindow done = window;
        assertReason(E2eeException.Reason.REPLAYED, () -> done.accept(200));
        assertReason(E2eeException.Reason.REPLAYED, () -> done.accept(137));
        assertReason(E2eeException.Reason.TOO_OLD, () -> done.accept(136));
        assertReason(E2eeException.Reason.TOO_OLD, () -> done.accept(1));
    }

    @Test
    void aLateCounterWithinTheWindowIsAcceptedOnceAndGapsStayOpen() throws Exception {
        ReplayWindow window = ReplayWindow.empty(128).accept(1).accept(2).accept(5).accept(130);

        window = window.accept(4);
        ReplayWindow now = window;
        assertReason(E2eeException.Reason.REPLAYED, () -> now.accept(4));
        assertReason(E2eeException.Reason.REPLAYED, () -> now.accept(5));
        // 130 - 2 = 128 counters back: just out of a window of 128
        assertReason(E2eeException.Reason.TOO_OLD, () -> now.accept(2));
        now.check(3);
        assertEquals(130, now.accept(3).highest());
    }

    @Test
    void aJumpFurtherThanTheWindowForgetsEverythingBehindIt() throws Exception {
        ReplayWindow window = ReplayWindow.empty(64).accept(1).accept(2).accept(1_000_000);

        assertEquals(1_000_000, window.highest());
        assertArrayEquals(new long[] {1}, window.seen());
        assertReason(E2eeException.Reason.TOO_OLD, () -> ReplayWindow.empty(64).accept(100).accept(36));
    }

    @Test
    void theWindowAgreesWithAFullRecordOfCounters() throws Exception {
        // a model that remembers every counter, against the window, on random arrivals
        Random random = new Random(42);
        for (int size : new int[] {64, 128, 1024}) {
            ReplayWindow window = ReplayWindow.empty(size);
            Set<Long> seen = new HashSet<>();
            long highest = 0;
            for (int i = 0; i < 20_000; i++) {
                long counter = Math.max(1, highest + random.nextInt(size / 2) - size * 3L / 4);
                if (random.nextInt(50) == 0) {
                    counter = highest + 1 + random.nextInt(3 * size);
                }
                E2eeException.Reason expected = counter <= highest - size ? E2eeException.Reason.TOO_OLD
                        : seen.contains(counter) ? E2eeException.Reason.REPLAYED : null;
                try {
                    window = window.accept(counter);
                    assertEquals(null, expected, "counter " + counter + " after " + highest);
                    seen.add(counter);
                    highest = Math.max(highest, counter);
                } catch (E2eeException e) {
                    assertEquals(expected, e.reason(), "counter " + counter + " after " + highest);
                }
                assertEquals(highest, window.highest());
            }
        }
    }

    @Test
    void checkingRecordsNothing() throws Exception {
        ReplayWindow window = ReplayWindow.empty(64).accept(3);

        window.check(2);
        window.check(4);
        assertEquals(window, ReplayWindow.empty(64).accept(3));
    }

    @Test
    void theStoredFormIsSmallAndRoundTrips() throws Exception {
        ReplayWindow window = ReplayWindow.empty(ReplayWindow.DEFAULT_SIZE);
        for (long counter : new long[] {1, 2, 3, 9, 70, 500, 501, 1200, 1190}) {
            window = window.accept(counter);
        }

        byte[] stored = window.encode();
        assertEquals(138, stored.length);
        assertEquals(window, ReplayWindow.decode(stored));
        assertEquals(18, ReplayWindow.empty(64).encode().length);
        ReplayWindow restored = ReplayWindow.decode(stored);
        assertReason(E2eeException.Reason.REPLAYED, () -> restored.accept(1190));
        restored.accept(1191);
    }

    @Test
    void damagedStoredFormsAreRefused() throws Exception {
        byte[] stored = ReplayWindow.empty(64).accept(5).encode();

        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(Arrays.copyOf(stored, 17)));
        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(Arrays.copyOf(stored, 19)));
        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(null));
        byte[] otherVersion = stored.clone();
        otherVersion[0] = 9;
        assertReason(E2eeException.Reason.UNSUPPORTED_VERSION, () -> ReplayWindow.decode(otherVersion));
        byte[] noWords = stored.clone();
        noWords[1] = 0;
        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(noWords));
        byte[] newestUnmarked = stored.clone();
        newestUnmarked[17] = 0;
        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(newestUnmarked));
        byte[] markedBelowOne = stored.clone();
        markedBelowOne[17] |= 1 << 5;
        assertReason(E2eeException.Reason.MALFORMED, () -> ReplayWindow.decode(markedBelowOne));
        assertThrows(IllegalArgumentException.class, () -> ReplayWindow.empty(100));
        assertThrows(IllegalArgumentException.class, () -> ReplayWindow.empty(ReplayWindow.MAX_SIZE + 64));
    }

    @Test
    void theGuardKeepsOneWindowPerSenderDeviceAndSession() throws Exception {
        InMemoryReplayGuard guard = new InMemoryReplayGuard();
        guard.accept(header(SESSION, ADA_LAPTOP, 1));

        assertReason(E2eeException.Reason.REPLAYED, () -> guard.check(header(SESSION, ADA_LAPTOP, 1)));
        guard.accept(header(SESSION, ADA_PHONE, 1));
        guard.accept(header(OTHER_SESSION, ADA_LAPTOP, 1));
        guard.accept(header(SESSION, CYD_PHONE, 1));
        guard.accept(header(SESSION, new DeviceRef(CYD_PHONE.userId(), ADA_LAPTOP.deviceId()), 1));
        assertEquals(5, guard.snapshot().size());
    }

    @Test
    void aRestoredGuardStillRefusesWhatItSawBefore() throws Exception {
        InMemoryReplayGuard guard = new InMemoryReplayGuard();
        guard.accept(header(SESSION, ADA_LAPTOP, 1));
        guard.accept(header(SESSION, ADA_LAPTOP, 3));
        Map<SenderStream, ReplayWindow> stored = guard.snapshot();

        InMemoryReplayGuard restored = new InMemoryReplayGuard(ReplayWindow.DEFAULT_SIZE, stored);
        assertReason(E2eeException.Reason.REPLAYED, () -> restored.accept(header(SESSION, ADA_LAPTOP, 3)));
        restored.accept(header(SESSION, ADA_LAPTOP, 2));
        assertEquals(3, restored.windowOf(new SenderStream(SESSION, ADA_LAPTOP)).orElseThrow().highest());
        assertFalse(restored.windowOf(new SenderStream(SESSION, ADA_PHONE)).isPresent());
        assertTrue(guard.windowOf(new SenderStream(SESSION, ADA_LAPTOP)).isPresent());
        guard.accept(header(SESSION, ADA_LAPTOP, 2));
    }

    @Test
    void ofTwoThreadsAcceptingOneCounterOneFails() throws Exception {
        InMemoryReplayGuard guard = new InMemoryReplayGuard();
        int threads = 8;
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    for (long counter = 1; counter <= 2_000; counter++) {
                        try {
                            guard.accept(header(SESSION, ADA_LAPTOP, counter));
                            accepted.incrementAndGet();
                        } catch (E2eeException replayed) {
                            // another thread took this counter
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertEquals(2_000, accepted.get());
    }

    private static MessageHeader header(String sessionId, DeviceRef sender, long counter) {
        return new MessageHeader(MessageHeader.VERSION, sessionId, 1, sender.userId(), sender.deviceId(),
                "msg-" + counter + "-0000000000000", counter, new byte[12]);
    }
}
