package chat.mz.bench;

import static chat.mz.bench.BenchClients.await;
import static chat.mz.bench.SyncWaits.holdsWithin;

import chat.mz.bench.SyncReport.Phase;
import chat.mz.client.Subscription;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.Protection;
import chat.mz.testing.MessagingWorld.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The message-sync phases of the device-sync bench: from {@code messenger.send} on the desktop to the phone's
 * messenger announcing the message as stored ({@code EntriesAdded}), taken on the phone's messenger thread, one
 * message a round. A round ends once the laptop and the other user have stored it too and the delivery receipt
 * reached every device of the account, so the next starts from idle devices. On the way it checks that each
 * message shows as delivered on the desktop once its receipt was announced there (the receipt can overtake the
 * answer to the send), and keeps those that did not.
 */
final class SyncMessagePhase {
    /** How long the desktop's message may take to show as delivered once its receipt was announced. */
    private static final Duration RECEIPT_GRACE = Duration.ofSeconds(1);

    private final SyncDevices devices;
    private final SyncCpu cpu;
    private final int warmup;
    private final int rounds;
    /** The desktop's messages whose receipt came but which did not show as delivered, and how they stayed. */
    private final List<String> lost = new ArrayList<>();
    private int messagesSent;

    /** Phases of {@code warmup} rounds not counted and then {@code rounds} measured ones. */
    SyncMessagePhase(SyncDevices devices, SyncCpu cpu, int warmup, int rounds) {
        this.devices = devices;
        this.cpu = cpu;
        this.warmup = warmup;
        this.rounds = rounds;
    }

    /** The desktop's messages, over every phase so far, that stayed undelivered after their receipt came. */
    List<String> lost() {
        return lost;
    }

    /** The desktop's messages sent over every phase so far, warm-up included. */
    int messagesSent() {
        return messagesSent;
    }

    /**
     * Sends from the desktop into {@code session}, one message at a time; the latency is until the phone
     * announces it stored, which it must with {@code expected} protection.
     */
    Phase measure(String name, String session, Protection expected) throws Exception {
        User desktop = devices.desktop();
        long phaseStart = System.nanoTime();
        long[] samples = new long[rounds];
        SyncCpu.Tally tally = new SyncCpu.Tally();
        for (int i = 0; i < warmup + rounds; i++) {
            String text = name + " #" + i;
            messagesSent++;
            try (Sent onDesktop = new Sent(desktop, session, text);
                 Arrival onPhone = new Arrival(devices.phone(), session, text);
                 Arrival onLaptop = new Arrival(devices.laptop(), session, text);
                 Arrival onBob = new Arrival(devices.bob(), session, text)) {
                SyncCpu.Snapshot before = i >= warmup ? cpu.snapshot() : null;
                long start = System.nanoTime();
                Entry pending = await(desktop.messenger().send(session, text), "the send");
                long stored = await(onPhone.stored, "the message on the phone");
                await(onLaptop.stored, "the message on the laptop");
                await(onBob.stored, "the message on the other user's device");
                // the other user's device acknowledged it: every device of the account gets the receipt
                await(onPhone.receipt, "the delivery receipt on the phone");
                await(onLaptop.receipt, "the delivery receipt on the laptop");
                await(onDesktop.sentAndReceipt, "the send answer and the delivery receipt on the desktop");
                if (!holdsWithin(RECEIPT_GRACE, () -> desktop.history().latest(session, 8).stream()
                        .anyMatch(e -> e.messageId().equals(pending.messageId())
                                && e.state() == DeliveryState.DELIVERED))) {
                    lost.add(name + " #" + i + ": " + desktop.history().latest(session, 8).stream()
                            .filter(e -> e.messageId().equals(pending.messageId())).findFirst().orElse(null));
                }
                if (before != null) {
                    cpu.add(before, tally);
                    samples[i - warmup] = stored - start;
                }
                Entry got = onPhone.entry;
                if (!got.messageId().equals(pending.messageId()) || !got.outgoing() || got.protection() != expected) {
                    throw new HarnessFailure("the phone stored " + got + " for the desktop's " + pending);
                }
            }
            devices.clearEventQueues();
            devices.settle();
        }
        return SyncReport.finish(name, samples, tally, phaseStart);
    }

    /**
     * The sending desktop's own announcements of one message: stored as pending, then changed twice (the
     * homeserver's answer marks it sent, the receipt delivered; the two can come in either order).
     */
    private static final class Sent implements AutoCloseable {
        final CompletableFuture<Void> sentAndReceipt = new CompletableFuture<>();
        private final AtomicInteger changes = new AtomicInteger();
        private volatile String messageId;
        private final Subscription subscription;

        Sent(User device, String session, String text) {
            subscription = device.messenger().events().subscribe(event -> {
                if (event instanceof MessengerEvent.EntriesAdded added && added.sessionId().equals(session)) {
                    added.entries().stream().filter(e -> e.seq() == null && text.equals(e.text())).findFirst()
                            .ifPresent(e -> messageId = e.messageId());
                } else if (event instanceof MessengerEvent.EntryChanged changed
                        && changed.messageId().equals(messageId) && changes.incrementAndGet() == 2) {
                    sentAndReceipt.complete(null);
                }
            });
        }

        @Override
        public void close() {
            subscription.close();
        }
    }

    /**
     * What one device's messenger announces about one message: when it was stored (taken as it is announced, on
     * the messenger's thread) and when its delivery receipt came.
     */
    private static final class Arrival implements AutoCloseable {
        final CompletableFuture<Long> stored = new CompletableFuture<>();
        final CompletableFuture<Long> receipt = new CompletableFuture<>();
        volatile Entry entry;
        private final Subscription subscription;

        Arrival(User device, String session, String text) {
            subscription = device.messenger().events().subscribe(event -> {
                long now = System.nanoTime();
                if (event instanceof MessengerEvent.EntriesAdded added && added.sessionId().equals(session)) {
                    for (Entry e : added.entries()) {
                        if (e.seq() != null && text.equals(e.text())) {
                            entry = e;
                            stored.complete(now);
                        }
                    }
                } else if (event instanceof MessengerEvent.EntryChanged changed && entry != null
                        && changed.messageId().equals(entry.messageId())) {
                    receipt.complete(now);
                }
            });
        }

        @Override
        public void close() {
            subscription.close();
        }
    }
}
