package chat.mz.bench;

import chat.mz.client.sync.HistoryTransfers;
import chat.mz.client.sync.TransferProgress;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.Protection;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * History for a newly linked device, end to end over a real {@link chat.mz.server.Homeserver} on
 * loopback: a desktop whose history holds 100,000 messages over 20 conversations (texts of 20 to 300
 * characters, some of them not ASCII; a few conversations end-to-end encrypted, with their room
 * keys) offers it to a device linked just now, which takes it all. Each round links a fresh device
 * and times from {@code acceptHistory} to the receiving device's DONE (the rate quoted) and to the
 * sending device's DONE, and counts the sealed bytes and batches sent. A round counts only if the
 * new device then holds every offered entry, conversation by conversation, and the room keys.
 *
 * <p>Also reported per round: the CPU time of the sending and receiving devices' messenger threads
 * (where batches are read, encoded and sealed, and opened, decoded and stored), the CPU of the whole
 * process (both clients and the homeserver) split by thread, the JVM's GC and JIT compiler threads
 * included (on Linux), GC time, and the new device's history file before and after.
 *
 * <p>Prints a table and writes {@code history-transfer-bench.json} into the folder given as the only
 * argument. Exit status: 0 done, 1 harness failure (including an incomplete transfer), 2 bad
 * arguments, 3 out of time. Sizes: system properties {@code history.transfer.bench.messages}
 * (100,000), {@code .conversations} (20), {@code .encrypted} (encrypted conversations among them, 4),
 * {@code .rounds} (3).
 */
public final class HistoryTransferBench {
    private static final String PREFIX = "history.transfer.bench.";
    private static final double TARGET_PER_SECOND = 10_000;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);
    /** Longest a transfer may take before the run is called failed. */
    private static final long TRANSFER_SECONDS = 300;
    private static final int FILL_BATCH = 1_000;
    /** How far back the generated history reaches: inside the default 90-day offer. */
    private static final Duration SPAN = Duration.ofDays(60);
    private static final String[] WORDS = ("the a to and I you it is that of in we for on this ok yes no "
            + "meeting tomorrow today tonight later lunch dinner coffee train late sorry thanks great "
            + "sounds good see you soon call me when can do did done will would should could maybe "
            + "project deadline review draft slides photo picture link file weekend plan trip ticket").split(" ");
    /** Words of the messages that are not all ASCII: accented, Cyrillic, Chinese, emoji. */
    private static final String[] OTHER_WORDS = ("schön größer Straße café naïve déjà über müde ça привет спасибо "
            + "хорошо 你好 谢谢 明天 😀 👍 🎉 ❤️ ✓ …").split(" ");
    /** One message in this many has words that are not ASCII. */
    private static final int NON_ASCII_EVERY = 5;

    private final int messages = size("messages", 100_000, 1);
    private final int conversations = size("conversations", 20, 1);
    private final int encrypted = Math.min(size("encrypted", 4, 0), conversations);
    private final int rounds = size("rounds", 3, 1);
    private final SecureRandom random = new SecureRandom();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** A progress report and when and on which thread it came. */
    private record Seen(TransferProgress progress, long atNanos, long threadId) {
    }

    /** One transfer to a freshly linked device. */
    record Round(int round, long offered, long received, long firstBatchNanos, long receiverDoneNanos,
                 long senderDoneNanos, long bytes, int batches, long fileBefore, long fileAfter, long senderCpuNanos,
                 long receiverCpuNanos, long processCpuNanos, long gcMillis, double loadBefore,
                 Map<String, Long> threadCpuNanos) {

        double perSecond() {
            return received / (receiverDoneNanos / 1e9);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("round", round);
            json.put("messages_offered", offered);
            json.put("messages_received", received);
            json.put("messages_per_second", Math.round(perSecond()));
            json.put("accept_to_receiver_done_millis", Units.roundMillis(receiverDoneNanos, 1));
            json.put("accept_to_sender_done_millis", Units.roundMillis(senderDoneNanos, 1));
            json.put("accept_to_first_batch_stored_millis", Units.roundMillis(firstBatchNanos, 1));
            json.put("sealed_bytes", bytes);
            json.put("sealed_bytes_per_message", Units.round((double) bytes / offered, 1));
            json.put("batches", batches);
            json.put("receiver_history_file_bytes_before", fileBefore);
            json.put("receiver_history_file_bytes_after", fileAfter);
            json.put("sender_messenger_thread_cpu_millis", Units.roundMillis(senderCpuNanos, 1));
            json.put("receiver_messenger_thread_cpu_millis", Units.roundMillis(receiverCpuNanos, 1));
            json.put("process_cpu_millis", Units.roundMillis(processCpuNanos, 1));
            json.put("gc_millis", gcMillis);
            Map<String, Object> byThread = new LinkedHashMap<>();
            threadCpuNanos.forEach((name, nanos) -> byThread.put(name, Units.roundMillis(nanos, 1)));
            json.put("cpu_millis_by_thread", byThread);
            json.put("load_average_before", loadBefore);
            return json;
        }
    }

    private HistoryTransferBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("HistoryTransferBench: usage: HistoryTransferBench <output folder>");
            System.exit(2);
        }
        startRunLimit();
        int status;
        try {
            new HistoryTransferBench().run(Path.of(args[0]));
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("HistoryTransferBench: " + e.getMessage());
            status = 2;
        } catch (HarnessFailure e) {
            System.err.println("HistoryTransferBench: the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Throwable e) {
            System.err.println("HistoryTransferBench: the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** A size from its system property; unset, or an unfilled Maven property, means {@code fallback}. */
    private static int size(String name, int fallback, int least) {
        String value = System.getProperty(PREFIX + name, "");
        if (value.isBlank() || value.startsWith("${")) {
            return fallback;
        }
        int parsed = Integer.parseInt(value.trim());
        if (parsed < least) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + least);
        }
        return parsed;
    }

    private void run(Path outputDir) throws Exception {
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        double loadAtStart = os.getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "HistoryTransferBench: %,d messages in %d conversations (%d encrypted), "
                        + "%d rounds, %d cores, max heap %s, load %.2f%n", messages, conversations, encrypted, rounds,
                cores, Units.mib(Runtime.getRuntime().maxMemory()), loadAtStart);
        Path data = Files.createTempDirectory("mzchat-history-transfer-bench");
        List<Round> done = new ArrayList<>();
        Map<String, Object> setupJson = new LinkedHashMap<>();
        MessagingWorld world = new MessagingWorld(data);
        try {
            long phase = System.nanoTime();
            User desk = world.register("ada");
            User bob = world.register("bob");
            User cyd = world.register("cyd");
            setupJson.put("register_seconds", Units.round((System.nanoTime() - phase) / 1e9, 1));
            phase = System.nanoTime();
            Filled filled = fill(desk, List.of(desk, bob, cyd));
            double fillSeconds = (System.nanoTime() - phase) / 1e9;
            setupJson.put("fill_seconds", Units.round(fillSeconds, 1));
            setupJson.put("text_chars_mean", Units.round((double) filled.textChars / messages, 1));
            setupJson.put("non_ascii_messages", filled.nonAscii);
            setupJson.put("room_keys", filled.keys);
            System.out.printf(Locale.ROOT, "  desktop history filled in %.1f s: mean text %.0f characters, %,d "
                            + "messages with non-ASCII text, %d room keys%n", fillSeconds,
                    (double) filled.textChars / messages, filled.nonAscii, filled.keys);

            LinkedBlockingQueue<Seen> sending = new LinkedBlockingQueue<>();
            desk.messenger().historySharing().transfers().subscribe(p -> sending.add(new Seen(p, System.nanoTime(),
                    Thread.currentThread().getId())));
            for (int r = 1; r <= rounds; r++) {
                Round round = round(world, desk, sending, r);
                done.add(round);
                System.out.printf(Locale.ROOT, "  round %d: %,d messages in %.2f s to the new device's DONE = "
                                + "%,.0f msg/s (sender DONE %.2f s), %s sealed in %d batches, load before %.2f%n",
                        r, round.received(), round.receiverDoneNanos() / 1e9, round.perSecond(),
                        round.senderDoneNanos() / 1e9, Units.mib(round.bytes()), round.batches(),
                        round.loadBefore());
            }
        } finally {
            try {
                world.close();
            } catch (Exception e) {
                System.err.println("HistoryTransferBench: closing failed: " + e);
            }
            deleteTree(data);
        }
        report(outputDir, startedAt, runStart, setupJson, done, cores, loadAtStart);
    }

    /** What the desktop's history was filled with. */
    private record Filled(long textChars, int nonAscii, int keys) {
    }

    /**
     * Fills the desktop's history: conversations busy by a Zipf law, every fourth a direct one, the
     * encrypted ones with two or three room keys, each read up to most of its length.
     */
    private Filled fill(User desk, List<User> people) {
        History history = desk.history();
        SplittableRandom pick = new SplittableRandom(42);
        List<String> ids = new ArrayList<>();
        double[] cumulative = new double[conversations];
        double sum = 0;
        for (int s = 0; s < conversations; s++) {
            ids.add(chat.mz.protocol.session.SessionIds.random(random));
            sum += 1.0 / (s + 1);
            cumulative[s] = sum;
        }
        Instant start = Instant.now().minus(SPAN);
        int keys = 0;
        for (int s = 0; s < conversations; s++) {
            String id = ids.get(s);
            boolean direct = s % 4 == 3;
            history.upsertSession(new SessionFacts(id, direct ? people.get(1 + s % 2).username() : "Group " + s,
                    direct, isEncrypted(s), Membership.MEMBER, direct ? "member" : "owner"));
            List<Member> members = new ArrayList<>();
            members.add(new Member(id, desk.userId(), desk.username(), direct ? "member" : "owner"));
            for (User other : direct ? List.of(people.get(1 + s % 2)) : people.subList(1, people.size())) {
                members.add(new Member(id, other.userId(), other.username(), "member"));
            }
            history.replaceMembers(id, members);
            if (isEncrypted(s)) {
                int epochs = 2 + s % 2;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    byte[] key = new byte[32];
                    random.nextBytes(key);
                    User from = people.get(epoch % people.size());
                    history.roomKeys().add(new StoredRoomKey(id, epoch, key, start.plus(Duration.ofDays(epoch)),
                            from.userId(), from.identity().deviceId(), true));
                    keys++;
                }
            }
        }
        long[] seqs = new long[conversations];
        long textChars = 0;
        int nonAscii = 0;
        long step = SPAN.toMillis() / messages;
        List<Entry> batch = new ArrayList<>(FILL_BATCH);
        for (int i = 0; i < messages; i++) {
            double u = pick.nextDouble() * sum;
            int s = 0;
            while (s < conversations - 1 && cumulative[s] < u) {
                s++;
            }
            String id = ids.get(s);
            User from = s % 4 == 3 && pick.nextInt(2) == 0 ? people.get(1 + s % 2)
                    : people.get(pick.nextInt(people.size()));
            boolean mine = from == desk;
            String text = text(pick);
            textChars += text.length();
            if (text.chars().anyMatch(c -> c > 127)) {
                nonAscii++;
            }
            Instant at = start.plusMillis(step * i);
            batch.add(new Entry(id, ++seqs[s], "m" + i, from.userId(), from.identity().deviceId(), from.username(),
                    Entry.Kind.TEXT, text, at, at, mine, DeliveryState.DELIVERED,
                    isEncrypted(s) ? Protection.ENCRYPTED : Protection.PLAIN));
            if (batch.size() == FILL_BATCH || i == messages - 1) {
                history.addReceived(batch);
                batch = new ArrayList<>(FILL_BATCH);
            }
        }
        for (int s = 0; s < conversations; s++) {
            if (seqs[s] > 0) {
                history.markRead(ids.get(s), Math.max(1, seqs[s] - s));
            }
        }
        return new Filled(textChars, nonAscii, keys);
    }

    /** The encrypted conversations are spread evenly: with 20 and 4, numbers 1, 6, 11 and 16. */
    private boolean isEncrypted(int conversation) {
        if (encrypted == 0) {
            return false;
        }
        int step = conversations / encrypted;
        int offset = step > 1 ? 1 : 0;
        return conversation >= offset && (conversation - offset) % step == 0
                && (conversation - offset) / step < encrypted;
    }

    /** A chat text of 20 to 300 characters, mostly short ones; one in {@link #NON_ASCII_EVERY} not all ASCII. */
    private static String text(SplittableRandom pick) {
        double u = pick.nextDouble();
        int length = 20 + (int) (280 * u * u);
        boolean other = pick.nextInt(NON_ASCII_EVERY) == 0;
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            String word = other && pick.nextInt(4) == 0 ? OTHER_WORDS[pick.nextInt(OTHER_WORDS.length)]
                    : WORDS[pick.nextInt(WORDS.length)];
            if (text.length() + 1 + word.length() > 300) {
                break;
            }
            if (!text.isEmpty()) {
                text.append(pick.nextInt(10) == 0 ? ", " : " ");
            }
            text.append(word);
        }
        while (text.length() < 20) {
            text.append('.');
        }
        return text.toString();
    }

    /** Links a fresh device, offers it the desktop's whole history, and times it taking it. */
    private Round round(MessagingWorld world, User desk, LinkedBlockingQueue<Seen> sending, int number)
            throws Exception {
        User device = world.linkDevice(desk, "bench device " + number);
        try {
            LinkedBlockingQueue<Seen> receiving = new LinkedBlockingQueue<>();
            device.messenger().historySharing().transfers().subscribe(p -> receiving.add(new Seen(p, System.nanoTime(),
                    Thread.currentThread().getId())));
            Path file = device.data().resolve("history.mv.db");
            long fileBefore = Files.exists(file) ? Files.size(file) : 0;
            sending.clear();
            TransferProgress offer = await(desk.messenger().historySharing().offer(device.identity().deviceId(),
                    HistoryTransfers.DEFAULT_WINDOW));
            if (offer.total() != messages) {
                throw new HarnessFailure("the desktop offered " + offer.total() + " messages, not " + messages);
            }
            Seen senderOffered = next(sending, p -> p.transferId().equals(offer.transferId()));
            Seen offered = next(receiving, p -> p.state() == TransferProgress.State.OFFERED
                    && p.transferId().equals(offer.transferId()));
            long senderThread = senderOffered.threadId();
            long receiverThread = offered.threadId();
            double loadBefore = os.getSystemLoadAverage();
            long senderCpu = threads.getThreadCpuTime(senderThread);
            long receiverCpu = threads.getThreadCpuTime(receiverThread);
            long processCpu = os.getProcessCpuTime();
            long gc = gcMillis();
            Map<Long, Long> cpuBefore = threadCpu();
            Map<String, Long> jvmBefore = jvmThreadCpu();

            long start = System.nanoTime();
            await(device.messenger().historySharing().accept(offer.transferId()));
            List<Seen> received = untilFinished(receiving, offer.transferId());
            List<Seen> sent = untilFinished(sending, offer.transferId());

            senderCpu = threads.getThreadCpuTime(senderThread) - senderCpu;
            receiverCpu = threads.getThreadCpuTime(receiverThread) - receiverCpu;
            processCpu = os.getProcessCpuTime() - processCpu;
            gc = gcMillis() - gc;
            Map<String, Long> byThread = cpuByThread(cpuBefore, jvmBefore, senderThread, receiverThread, processCpu);
            Seen receiverDone = received.get(received.size() - 1);
            Seen senderDone = sent.get(sent.size() - 1);
            if (receiverDone.progress().state() != TransferProgress.State.DONE
                    || senderDone.progress().state() != TransferProgress.State.DONE) {
                throw new HarnessFailure("round " + number + " ended " + receiverDone.progress().state()
                        + " on the new device and " + senderDone.progress().state() + " on the desktop");
            }
            long firstBatch = received.stream().filter(s -> s.progress().done() > 0).findFirst()
                    .map(Seen::atNanos).orElse(receiverDone.atNanos());
            int batches = (int) sent.stream().filter(s -> s.progress().bytes() > 0).count();
            long stored = complete(desk.history(), device.history(), offer);
            // closed, the history is written out: its size is what stays on the new device's disk
            device.close();
            long fileAfter = Files.exists(file) ? Files.size(file) : 0;
            return new Round(number, offer.total(), stored, firstBatch - start, receiverDone.atNanos() - start,
                    senderDone.atNanos() - start, senderDone.progress().bytes(), batches, fileBefore, fileAfter,
                    senderCpu, receiverCpu, processCpu, gc, loadBefore, byThread);
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
            List<Object> newest = desk.latest(sessionId, 20).stream().map(HistoryTransferBench::comparable).toList();
            List<Object> arrived = device.latest(sessionId, 20).stream().map(HistoryTransferBench::comparable)
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

    private static Object comparable(Entry e) {
        return List.of(e.sessionId(), e.seq(), e.messageId(), e.senderUserId(), String.valueOf(e.senderDeviceId()),
                String.valueOf(e.senderName()), e.kind(), e.text(), e.serverTime(), e.outgoing(), e.state(),
                e.protection());
    }

    private static Seen next(LinkedBlockingQueue<Seen> queue, Predicate<TransferProgress> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Seen seen = queue.poll(1, TimeUnit.SECONDS);
            if (seen != null && wanted.test(seen.progress())) {
                return seen;
            }
        }
        throw new HarnessFailure("no such transfer progress came within 60 s");
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

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    /** The CPU time of every live thread by id. */
    private Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * The CPU the round took by thread, grouped by name with numbers left out, the two messenger
     * threads told apart, and the JVM's own GC and JIT threads (on Linux), most first; what none of
     * them accounts for (threads that ended, or everything of the JVM's own off Linux) is the rest of
     * the process's CPU.
     */
    private Map<String, Long> cpuByThread(Map<Long, Long> before, Map<String, Long> jvmBefore, long senderThread,
                                          long receiverThread, long processCpu) {
        Map<String, Long> groups = new java.util.HashMap<>();
        long accounted = 0;
        for (Map.Entry<Long, Long> now : threadCpu().entrySet()) {
            long used = now.getValue() - before.getOrDefault(now.getKey(), 0L);
            java.lang.management.ThreadInfo info = threads.getThreadInfo(now.getKey());
            if (used <= 0 || info == null) {
                continue;
            }
            String name = now.getKey() == senderThread ? "desktop messenger"
                    : now.getKey() == receiverThread ? "new device messenger"
                    : info.getThreadName().replaceAll("[0-9]+", "#");
            groups.merge(name, used, Long::sum);
            accounted += used;
        }
        for (Map.Entry<String, Long> now : jvmThreadCpu().entrySet()) {
            long used = now.getValue() - jvmBefore.getOrDefault(now.getKey(), 0L);
            if (used > 0) {
                groups.merge(now.getKey(), used, Long::sum);
                accounted += used;
            }
        }
        groups.put("(rest: ended threads, other JVM threads)", Math.max(0, processCpu - accounted));
        Map<String, Long> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * The CPU of the JVM's own GC and JIT compiler threads, which no {@link ThreadMXBean} sees: from
     * {@code /proc/self/task} on Linux (clock ticks of 10 ms), nothing elsewhere.
     */
    private static Map<String, Long> jvmThreadCpu() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return cpu;
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(tasks)) {
            all = list.toList();
        } catch (IOException e) {
            return cpu;
        }
        for (Path task : all) {
            String stat;
            try {
                stat = Files.readString(task.resolve("stat"));
            } catch (IOException e) {
                continue; // the thread ended meanwhile
            }
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String name = stat.substring(open + 1, close);
            String group = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "JVM: GC threads"
                    : name.contains("CompilerThre") ? "JVM: JIT compiler threads" : null;
            if (group == null) {
                continue;
            }
            // after the name: state, then fields 4 and on; utime and stime are fields 14 and 15
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            cpu.merge(group, ticks * 10_000_000L, Long::sum);
        }
        return cpu;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private void report(Path outputDir, Instant startedAt, long runStart, Map<String, Object> setupJson,
                        List<Round> done, int cores, double loadAtStart) throws IOException {
        long receiverDone = median(done, Round::receiverDoneNanos);
        double rate = done.get(0).offered() / (receiverDone / 1e9);
        long senderDone = median(done, Round::senderDoneNanos);
        long bytes = median(done, Round::bytes);
        Round any = done.get(0);
        ResultTable table = new ResultTable();
        table.info("History", String.format(Locale.ROOT, "%,d messages, %d conversations (%d encrypted)", messages,
                conversations, encrypted));
        table.check("Accept to the new device's DONE, messages/s, median of " + done.size(),
                String.format(Locale.ROOT, "%,.0f msg/s", rate),
                String.format(Locale.ROOT, "≥ %,.0f msg/s", TARGET_PER_SECOND), rate >= TARGET_PER_SECOND);
        table.info("  per round", String.join(" / ", done.stream()
                .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).toList()));
        table.info("Accept to the new device's DONE, wall, median", seconds(receiverDone));
        table.info("Accept to the desktop's DONE (last batch accepted by the homeserver), median",
                seconds(senderDone));
        table.info("Accept to the first batch stored on the new device, median",
                Units.ms(LatencyStats.millis(median(done, Round::firstBatchNanos))));
        table.info("Sealed bytes sent (median) / per message", String.format(Locale.ROOT, "%s / %.0f B",
                Units.mib(bytes), (double) bytes / any.offered()));
        table.info("Batches (sealed send_sync_event calls)", String.valueOf(median(done, r -> r.batches())));
        table.info("New device's history file before / after (closed), median",
                Units.mib(median(done, Round::fileBefore)) + " / " + Units.mib(median(done, Round::fileAfter)));
        table.info("CPU: desktop messenger thread / new device's messenger thread, median",
                seconds(median(done, Round::senderCpuNanos)) + " / " + seconds(median(done, Round::receiverCpuNanos)));
        table.info("CPU: whole process (both clients + homeserver) / GC time, median", String.format(Locale.ROOT,
                "%s / %d ms (%d cores)", seconds(median(done, Round::processCpuNanos)), median(done, Round::gcMillis),
                cores));
        Round middle = done.stream().filter(r -> r.receiverDoneNanos() == receiverDone).findFirst().orElse(any);
        middle.threadCpuNanos().entrySet().stream().limit(8).forEach(e -> table.info(
                "  CPU of " + e.getKey() + " (round " + middle.round() + ")", seconds(e.getValue())));
        table.info("System load average (1 min) before each round", String.join(" / ", done.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r.loadBefore())).toList()));
        table.info("System load average (1 min) at start / end", String.format(Locale.ROOT, "%.2f / %.2f",
                loadAtStart, os.getSystemLoadAverage()));
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "history-transfer");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", Units.round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("environment", MailboxBench.environment());
        json.put("settings", Map.of("messages", messages, "conversations", conversations, "encrypted_conversations",
                encrypted, "rounds", rounds, "window_days", HistoryTransfers.DEFAULT_WINDOW.toDays()));
        json.put("setup", setupJson);
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("messages_per_second", Math.round(rate));
        medians.put("accept_to_receiver_done_millis", Units.roundMillis(receiverDone, 1));
        medians.put("accept_to_sender_done_millis", Units.roundMillis(senderDone, 1));
        medians.put("accept_to_first_batch_stored_millis", Units.roundMillis(median(done, Round::firstBatchNanos), 1));
        medians.put("sealed_bytes", bytes);
        medians.put("sealed_bytes_per_message", Units.round((double) bytes / any.offered(), 1));
        medians.put("batches", median(done, r -> r.batches()));
        medians.put("target_messages_per_second", TARGET_PER_SECOND);
        json.put("medians", medians);
        json.put("rounds", done.stream().map(Round::toJson).toList());
        json.put("load_average", Map.of("start", loadAtStart, "end", os.getSystemLoadAverage(), "cores", cores));
        json.put("all_targets_met", table.allMet());
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("history-transfer-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** The middle round's figure (nearest rank: the lower middle one for an even number of rounds). */
    private static long median(List<Round> done, ToLongFunction<Round> figure) {
        return LatencyStats.of(done.stream().mapToLong(figure).toArray()).p50Nanos();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void startRunLimit() {
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(RUN_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("HistoryTransferBench: the harness did not finish within " + RUN_LIMIT.toMinutes()
                    + " minutes");
            Runtime.getRuntime().halt(3);
        }, "history-transfer-bench-run-limit");
        limit.setDaemon(true);
        limit.start();
    }
}
