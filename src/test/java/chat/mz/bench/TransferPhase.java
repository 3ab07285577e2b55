package chat.mz.bench;

import chat.mz.client.sync.HistoryTransfers;
import chat.mz.client.sync.TransferProgress;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.StoredRoomKey;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The history-transfer bench's rounds: each links a fresh device, has the desktop offer it its whole
 * history, and times from {@code acceptHistory} to the new device's DONE and to the desktop's DONE,
 * with the sealed bytes and batches sent and the CPU spent ({@link TransferCpu}). A round counts only
 * if the new device then holds every offered entry, conversation by conversation, and the room keys.
 *
 * <p>Times are taken with {@link System#nanoTime()} on the thread that publishes each progress report,
 * which is also how the two messenger threads are told apart for the CPU meter.
 */
final class TransferPhase {
    /** Longest a transfer may take before the run is called failed. */
    private static final long TRANSFER_SECONDS = 300;
    /** Longest the bench waits for one answer or for the transfer's first report. */
    private static final long ANSWER_SECONDS = 60;
    /** The newest entries of each conversation compared field by field, beyond the counts. */
    private static final int COMPARED = 20;

    private final MessagingWorld world;
    private final User desk;
    private final int messages;
    private final LinkedBlockingQueue<Seen> sending = new LinkedBlockingQueue<>();
    private final TransferCpu cpu = new TransferCpu();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A progress report and when and on which thread it came. */
    private record Seen(TransferProgress progress, long atNanos, long threadId) {
    }

    /** Rounds from {@code desk}, whose history holds {@code messages} entries; listens to its transfers from now. */
    TransferPhase(MessagingWorld world, User desk, int messages) {
        this.world = world;
        this.desk = desk;
        this.messages = messages;
        desk.messenger().historySharing().transfers().subscribe(p -> sending.add(new Seen(p, System.nanoTime(),
                Thread.currentThread().getId())));
    }

    /** Links a fresh device, offers it the desktop's whole history, and times it taking it. */
    TransferRound measure(int number) throws Exception {
        User device = world.linkDevice(desk, "bench device " + number);
        try {
            LinkedBlockingQueue<Seen> receiving = new LinkedBlockingQueue<>();
            device.messenger().historySharing().transfers().subscribe(p -> receiving.add(new Seen(p, System.nanoTime(),
                    Thread.currentThread().getId())));
            Path file = device.data().resolve("history.mv.db");
            long fileBefore = Files.exists(file) ? Files.size(file) : 0;
            // reports of earlier rounds' transfers are not this round's
            sending.clear();
            TransferProgress offer = await(desk.messenger().historySharing().offer(device.identity().deviceId(),
                    HistoryTransfers.DEFAULT_WINDOW));
            if (offer.total() != messages) {
                throw new HarnessFailure("the desktop offered " + offer.total() + " messages, not " + messages);
            }
            Seen senderOffered = next(sending, p -> p.transferId().equals(offer.transferId()));
            Seen offered = next(receiving, p -> p.state() == TransferProgress.State.OFFERED
                    && p.transferId().equals(offer.transferId()));
            double loadBefore = os.getSystemLoadAverage();
            TransferCpu.Before cpuBefore = cpu.start(senderOffered.threadId(), offered.threadId());

            long start = System.nanoTime();
            await(device.messenger().historySharing().accept(offer.transferId()));
            List<Seen> received = untilFinished(receiving, offer.transferId());
            List<Seen> sent = untilFinished(sending, offer.transferId());

            TransferCpu.Spent spent = cpu.since(cpuBefore);
            Seen receiverDone = received.get(received.size() - 1);
            Seen senderDone = sent.get(sent.size() - 1);
            if (receiverDone.progress().state() != TransferProgress.State.DONE
                    || senderDone.progress().state() != TransferProgress.State.DONE) {
                throw new HarnessFailure("round " + number + " ended " + receiverDone.progress().state()
                        + " on the new device and " + senderDone.progress().state() + " on the desktop");
            }
            long firstBatch = received.stream().filter(s -> s.progress().done() > 0).findFirst()
                    .map(Seen::atNanos).orElse(receiverDone.atNanos());
            // every batch sent raises the sealed bytes in the desktop's reports
            int batches = (int) sent.stream().filter(s -> s.progress().bytes() > 0).count();
            long stored = complete(desk.history(), device.history(), offer);
            // closed, the history is written out: its size is what stays on the new device's disk
            device.close();
            long fileAfter = Files.exists(file) ? Files.size(file) : 0;
            return new TransferRound(number, offer.total(), stored, firstBatch - start,
                    receiverDone.atNanos() - start, senderDone.atNanos() - start, senderDone.progress().bytes(),
                    batches, fileBefore, fileAfter, spent.senderCpu(), spent.receiverCpu(), spent.processCpu(),
                    spent.gcMillis(), loadBefore, spent.byThread());
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
    }

    /**
     * Checks that the new device holds what was offered: as many entries of every conversation as the
     * desktop, the newest ones identical, and every room key; answers how many entries it holds.
     */
    private static long complete(History desk, History device, TransferProgress offer) {
        Map<String, Long> there = desk.export().countsSince(Instant.EPOCH);
        Map<String, Long> here = device.export().countsSince(Instant.EPOCH);
        long held = here.values().stream().mapToLong(Long::longValue).sum();
        if (!there.equals(here) || held != offer.total()) {
            throw new HarnessFailure("incomplete transfer: offered " + offer.total() + ", the new device holds "
                    + held + " (" + here.size() + " of " + there.size() + " conversations, counts "
                    + (there.equals(here) ? "equal" : "differ") + ")");
        }
        for (String sessionId : there.keySet()) {
            List<Object> newest = desk.latest(sessionId, COMPARED).stream().map(TransferPhase::comparable).toList();
            List<Object> arrived = device.latest(sessionId, COMPARED).stream().map(TransferPhase::comparable)
                    .toList();
            if (!newest.equals(arrived)) {
                throw new HarnessFailure("the newest entries of conversation " + sessionId + " differ");
            }
            for (StoredRoomKey key : desk.roomKeys().all(sessionId)) {
                byte[] copy = device.roomKeys().get(sessionId, key.epoch()).map(StoredRoomKey::key).orElse(null);
                if (!Arrays.equals(key.key(), copy)) {
                    throw new HarnessFailure("room key " + key.epoch() + " of conversation " + sessionId
                            + " did not arrive");
                }
            }
        }
        return held;
    }

    /** What of an entry must arrive unchanged: all of it but {@code createdAt} (when it was written or received). */
    private static Object comparable(Entry e) {
        return List.of(e.sessionId(), e.seq(), e.messageId(), e.senderUserId(), String.valueOf(e.senderDeviceId()),
                String.valueOf(e.senderName()), e.kind(), e.text(), e.serverTime(), e.outgoing(), e.state(),
                e.protection());
    }

    private static Seen next(LinkedBlockingQueue<Seen> queue, Predicate<TransferProgress> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        while (System.nanoTime() < deadline) {
            Seen seen = queue.poll(1, TimeUnit.SECONDS);
            if (seen != null && wanted.test(seen.progress())) {
                return seen;
            }
        }
        throw new HarnessFailure("no such transfer progress came within " + ANSWER_SECONDS + " s");
    }

    /** Every report of the transfer until it finished; progress must only grow. */
    private static List<Seen> untilFinished(LinkedBlockingQueue<Seen> queue, String transferId) throws Exception {
        List<Seen> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRANSFER_SECONDS);
        long done = -1;
        while (System.nanoTime() < deadline) {
            Seen next = queue.poll(1, TimeUnit.SECONDS);
            if (next == null || !next.progress().transferId().equals(transferId)) {
                continue;
            }
            if (next.progress().done() < done) {
                throw new HarnessFailure("progress went back from " + done + " to " + next.progress().done());
            }
            done = next.progress().done();
            seen.add(next);
            if (next.progress().finished()) {
                return seen;
            }
        }
        throw new HarnessFailure("the transfer did not finish within " + TRANSFER_SECONDS + " s");
    }

    /**
     * Waits up to {@value #ANSWER_SECONDS} s for an answer. Not {@link BenchClients#await}, which gives
     * up after 35 s: this bench has always allowed the offer and the accept 60 s.
     */
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(ANSWER_SECONDS, TimeUnit.SECONDS);
    }
}
