package chat.mz.bench;

import static chat.mz.bench.BenchClients.await;
import static chat.mz.bench.SyncWaits.spinUntil;

import chat.mz.bench.SyncReport.Phase;
import chat.mz.client.Subscription;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.SessionSummary;
import chat.mz.testing.MessagingWorld.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The read-marker phase of the device-sync bench: from {@code messenger.markRead} on the desktop, up to the next
 * of a batch of the other user's unread messages, to the phone's {@code SessionChanged} for the conversation with
 * its unread count down by one (the marker sealed to the phone and the laptop, sent, opened, applied), taken on
 * the phone's messenger thread. A round ends once the laptop applied it too and the desktop's sync outbox is
 * empty, so the next starts from idle devices.
 */
final class SyncMarkerPhase {
    private final SyncDevices devices;
    private final SyncCpu cpu;
    private final int warmup;
    private final int rounds;
    private final int unread;

    /**
     * A phase of {@code warmup} rounds not counted and then {@code rounds} measured ones, the other user's
     * messages sent in batches of {@code unread}.
     */
    SyncMarkerPhase(SyncDevices devices, SyncCpu cpu, int warmup, int rounds, int unread) {
        this.devices = devices;
        this.cpu = cpu;
        this.warmup = warmup;
        this.rounds = rounds;
        this.unread = unread;
    }

    /**
     * The other user sends a batch of messages, unread on all three of the account's devices; the desktop then
     * reads them one by one, each read a round: the latency is until the phone announces the conversation changed
     * with one fewer unread.
     */
    Phase measure(String name, String session) throws Exception {
        User desktop = devices.desktop();
        long phaseStart = System.nanoTime();
        long[] samples = new long[rounds];
        SyncCpu.Tally tally = new SyncCpu.Tally();
        int total = warmup + rounds;
        int done = 0;
        while (done < total) {
            int count = Math.min(unread, total - done);
            List<Long> seqs = unreadBatch(session, count, done);
            for (int k = 0; k < count; k++, done++) {
                int left = count - 1 - k;
                try (Marker onPhone = new Marker(devices.phone(), session, left);
                     Marker onLaptop = new Marker(devices.laptop(), session, left)) {
                    SyncCpu.Snapshot before = done >= warmup ? cpu.snapshot() : null;
                    long start = System.nanoTime();
                    if (!await(desktop.messenger().markRead(session, seqs.get(k)), "the read marker")) {
                        throw new HarnessFailure("the desktop's read marker did not move to " + seqs.get(k));
                    }
                    long applied = await(onPhone.applied, "the read marker on the phone");
                    await(onLaptop.applied, "the read marker on the laptop");
                    spinUntil("the desktop's sync outbox sent", () -> desktop.history().syncLog().outbox(1).isEmpty());
                    if (before != null) {
                        cpu.add(before, tally);
                        samples[done - warmup] = applied - start;
                    }
                }
                devices.clearEventQueues();
                devices.settle();
            }
        }
        return SyncReport.finish(name, samples, tally, phaseStart);
    }

    /**
     * The other user sends {@code count} messages; answers their seqs once they are delivered and unread on each
     * of the account's devices.
     */
    private List<Long> unreadBatch(String session, int count, int from) throws Exception {
        User bob = devices.bob();
        User desktop = devices.desktop();
        List<CompletableFuture<Entry>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(bob.messenger().send(session, "unread #" + (from + i)));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Entry> send : sends) {
            ids.add(await(send, "the other user's send").messageId());
        }
        for (User device : List.of(desktop, devices.phone(), devices.laptop())) {
            spinUntil(count + " unread on " + device.identity().deviceId(), () -> unread(device, session) == count);
        }
        spinUntil("the other user's batch delivered", () -> bob.history().latest(session, count).stream()
                .filter(e -> ids.contains(e.messageId())).filter(e -> e.state() == DeliveryState.DELIVERED)
                .count() == count);
        devices.settle();
        List<Long> seqs = desktop.history().latest(session, count).stream().filter(e -> ids.contains(e.messageId()))
                .map(Entry::seq).sorted().toList();
        if (seqs.size() != count) {
            throw new HarnessFailure("the desktop holds " + seqs.size() + " of the other user's " + count
                    + " messages");
        }
        devices.clearEventQueues();
        return seqs;
    }

    /**
     * When a device announces the conversation changed with {@code left} unread messages; taken on the
     * messenger's thread as it announces it. The homeserver-path probe waits for its markers with it too.
     */
    static final class Marker implements AutoCloseable {
        final CompletableFuture<Long> applied = new CompletableFuture<>();
        private final Subscription subscription;

        Marker(User device, String session, int left) {
            subscription = device.messenger().events().subscribe(event -> {
                long now = System.nanoTime();
                if (event instanceof MessengerEvent.SessionChanged changed && changed.sessionId().equals(session)
                        && unread(device, session) == left) {
                    applied.complete(now);
                }
            });
        }

        @Override
        public void close() {
            subscription.close();
        }
    }

    private static int unread(User device, String session) {
        return device.history().session(session).map(SessionSummary::unreadCount).orElse(-1);
    }
}
