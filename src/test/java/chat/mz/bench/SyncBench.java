package chat.mz.bench;

import chat.mz.client.Subscription;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.Protection;
import chat.mz.history.SessionSummary;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Device sync latency: a real {@link chat.mz.server.Homeserver} on loopback with its H2 file in a temporary
 * folder, one account with a desktop and two devices linked to it through the real link flow (a phone and a
 * laptop), and a second user, each device with its own encrypted history and {@link
 * chat.mz.client.messaging.Messenger} long-polling its queue, wired as the app wires them.
 *
 * <p>Phases, each a warm-up and then the measured rounds, one round at a time: the next starts once every
 * device has taken everything the previous one caused (the message, its delivery receipt, the sync event),
 * and a short pause after that, so each round starts from idle devices.
 * <ul>
 *   <li><em>Message sync</em>, in the 1:1 chat with the other user (in the clear) and in an encrypted group
 *       with them: from {@code messenger.send} on the desktop to the phone's messenger announcing the
 *       message as stored ({@code EntriesAdded}).</li>
 *   <li><em>Read-marker sync</em>: from {@code messenger.markRead} on the desktop, up to the next of a batch of
 *       the other user's unread messages, to the phone's {@code SessionChanged} for the conversation with its
 *       unread count down by one (sealed to the phone and the laptop, sent, opened, applied).</li>
 *   <li><em>Homeserver path</em>: read markers sealed beforehand and sent with {@code send_sync_event} straight
 *       from the desktop's connection, to the phone applying them: the read-marker path without the desktop's
 *       own work, and when the homeserver answered; sealed to both siblings, then to the phone alone (on one
 *       machine the laptop opens its copy on the same cores as the phone).</li>
 *   <li>The sealed size of one read marker to one sibling, and the CPU of sealing and opening one.</li>
 * </ul>
 * While the messages go, the bench also checks that each one shows as delivered on the desktop once its receipt
 * was announced there (the receipt can overtake the answer to the send).
 * Latencies are taken with {@link System#nanoTime()} on the phone's messenger thread as it announces the change.
 * CPU per round is the process's, less this harness's own thread, and split by thread (each device's messenger
 * thread by name, the rest by thread name).
 *
 * <p>Prints a table and writes {@code sync-bench.json} into the folder given as the only argument. Exit status
 * as the other benches: 0 done, 1 harness failure, 2 bad arguments, 3 out of time. Sizes: system properties
 * {@code sync.bench.warmup} (rounds not counted per phase, 200), {@code .rounds} (measured rounds per phase,
 * 500: a run takes about two minutes on two busy cores), {@code .unread} (the other user's unread messages
 * marked read one by one per batch, 50), {@code .probeRounds} (200), {@code .cryptoRounds} (100),
 * {@code .settleMillis} (pause between rounds, 2).
 */
public final class SyncBench {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final double TARGET_MILLIS = 20;
    /** How long the desktop's message may take to show as delivered once its receipt was announced. */
    private static final Duration RECEIPT_GRACE = Duration.ofSeconds(1);
    /** Rounds of the homeserver-path phase not counted. */
    private static final int PROBE_WARMUP = 20;

    private final int warmup = Integer.getInteger("sync.bench.warmup", 200);
    private final int rounds = Integer.getInteger("sync.bench.rounds", 500);
    private final int unread = Integer.getInteger("sync.bench.unread", 50);
    private final int probeRounds = Integer.getInteger("sync.bench.probeRounds", 200);
    private final int cryptoRounds = Integer.getInteger("sync.bench.cryptoRounds", 100);
    private final long settleNanos = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("sync.bench.settleMillis", 2));
    private final SecureRandom random = new SecureRandom();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final CpuMeter cpu = new CpuMeter();
    /** The desktop's messages whose receipt came but which did not show as delivered, and how they stayed. */
    private final List<String> lost = new ArrayList<>();
    private int messagesSent;

    private User desktop;
    private User phone;
    private User laptop;
    private User bob;
    /** The next read marker the homeserver-path phases send: past every message, so each one moves. */
    private long probeSeq;

    private SyncBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("SyncBench: usage: SyncBench <output folder>");
            System.exit(2);
        }
        startRunLimit();
        int status;
        try {
            new SyncBench().run(Path.of(args[0]));
            status = 0;
        } catch (HarnessFailure e) {
            System.err.println("SyncBench: the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Throwable e) {
            System.err.println("SyncBench: the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** One latency phase: its samples and the CPU its measured rounds took. */
    private record Phase(String name, long[] nanos, CpuTally cpu, double seconds) {
        LatencyStats stats() {
            return LatencyStats.of(nanos);
        }

        Map<String, Object> toJson() {
            LatencyStats s = stats();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("phase", name);
            json.put("rounds", nanos.length);
            json.put("seconds_with_warmup", Units.round(seconds, 1));
            json.put("latency_p50_ms", Units.roundMillis(s.p50Nanos(), 3));
            json.put("latency_p90_ms", Units.roundMillis(s.p90Nanos(), 3));
            json.put("latency_p99_ms", Units.roundMillis(s.p99Nanos(), 3));
            json.put("latency_max_ms", Units.roundMillis(s.maxNanos(), 3));
            json.put("latency_min_ms", Units.roundMillis(s.minNanos(), 3));
            json.put("latency_mean_ms", Units.round(LatencyStats.millis(s.meanNanos()), 3));
            json.put("target_p50_ms", TARGET_MILLIS);
            json.put("cpu", cpu.toJson());
            return json;
        }
    }

    /** The homeserver-path phase: when {@code send_sync_event} was answered, and when the phone applied it. */
    private record Probe(String siblings, long[] answeredNanos, long[] appliedNanos) {
        Map<String, Object> toJson() {
            LatencyStats answered = LatencyStats.of(answeredNanos);
            LatencyStats applied = LatencyStats.of(appliedNanos);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sealed_to", siblings);
            json.put("rounds", appliedNanos.length);
            json.put("send_sync_event_answered_p50_ms", Units.roundMillis(answered.p50Nanos(), 3));
            json.put("send_sync_event_answered_p90_ms", Units.roundMillis(answered.p90Nanos(), 3));
            json.put("applied_on_phone_p50_ms", Units.roundMillis(applied.p50Nanos(), 3));
            json.put("applied_on_phone_p90_ms", Units.roundMillis(applied.p90Nanos(), 3));
            json.put("applied_on_phone_p99_ms", Units.roundMillis(applied.p99Nanos(), 3));
            json.put("applied_on_phone_max_ms", Units.roundMillis(applied.maxNanos(), 3));
            return json;
        }
    }

    /** One read marker sealed to one sibling: its size and what sealing and opening it cost. */
    private record Crypto(int sealedBytes, int base64Chars, long[] sealCpuNanos, long[] sealWallNanos,
                          long[] openCpuNanos, long[] openWallNanos) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sealed_bytes", sealedBytes);
            json.put("base64_chars", base64Chars);
            json.put("rounds", sealCpuNanos.length);
            json.put("seal_cpu_p50_ms", Units.roundMillis(LatencyStats.of(sealCpuNanos).p50Nanos(), 3));
            json.put("seal_wall_p50_ms", Units.roundMillis(LatencyStats.of(sealWallNanos).p50Nanos(), 3));
            json.put("open_cpu_p50_ms", Units.roundMillis(LatencyStats.of(openCpuNanos).p50Nanos(), 3));
            json.put("open_wall_p50_ms", Units.roundMillis(LatencyStats.of(openWallNanos).p50Nanos(), 3));
            return json;
        }
    }

    private void run(Path outputDir) throws Exception {
        if (warmup < 0 || rounds < 1 || unread < 1 || probeRounds < 1 || cryptoRounds < 1 || settleNanos < 0) {
            throw new HarnessFailure("sync.bench.rounds, .unread, .probeRounds and .cryptoRounds must be at least 1, "
                    + "sync.bench.warmup and .settleMillis at least 0");
        }
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        double loadStart = os.getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "SyncBench: %d warm-up + %d rounds per phase, %d cores, max heap %s, "
                        + "load %.2f%n", warmup, rounds, cores, Units.mib(Runtime.getRuntime().maxMemory()), loadStart);
        Path data = Files.createTempDirectory("mzchat-sync-bench");
        List<Phase> phases = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        Crypto crypto;
        double setupSeconds;
        try (MessagingWorld world = new MessagingWorld(data)) {
            long setupStart = System.nanoTime();
            desktop = world.register("ada");
            bob = world.register("bob");
            phone = world.linkDevice(desktop, "ada phone");
            laptop = world.linkDevice(desktop, "ada laptop");
            List<Subscription> threadWatch = new ArrayList<>();
            threadWatch.add(cpu.watchMessenger(desktop, "desktop messenger"));
            threadWatch.add(cpu.watchMessenger(phone, "phone messenger"));
            threadWatch.add(cpu.watchMessenger(laptop, "laptop messenger"));
            threadWatch.add(cpu.watchMessenger(bob, "bob messenger"));

            String direct = await(desktop.messenger().conversations().direct(bob.userId()), "the 1:1 chat").sessionId();
            String room = await(desktop.messenger().conversations().createGroup("Bench room", List.of(bob.userId()),
                    true), "the encrypted group").sessionId();
            String reading = await(desktop.messenger().conversations().createGroup("Reading", List.of(bob.userId()),
                    false), "the group to read").sessionId();
            for (User device : everyDevice()) {
                for (String session : List.of(direct, room, reading)) {
                    spinUntil("session " + session + " on " + device.identity().deviceId(),
                            () -> device.history().session(session).isPresent());
                }
            }
            for (User device : List.of(phone, laptop, bob)) {
                spinUntil("the room key on " + device.identity().deviceId(),
                        () -> device.history().roomKeys().get(room, 1).isPresent());
            }
            settle();
            threadWatch.forEach(Subscription::close);
            setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            System.out.printf(Locale.ROOT, "  set up in %.1f s: a desktop, 2 linked devices, another user; messenger "
                    + "threads known for %d of 4 devices%n", setupSeconds, cpu.messengers());

            phases.add(messages("Message sync, 1:1 chat (in the clear)", direct, Protection.PLAIN));
            phases.add(messages("Message sync, encrypted group", room, Protection.ENCRYPTED));
            phases.add(readMarkers("Read-marker sync", reading));
            probes.add(probe(reading, List.of(phone, laptop), "the phone and the laptop"));
            probes.add(probe(reading, List.of(phone), "the phone alone"));
            crypto = crypto(reading);
        } finally {
            deleteTree(data);
        }
        report(outputDir, startedAt, runStart, setupSeconds, phases, probes, crypto, cores, loadStart);
    }

    private List<User> everyDevice() {
        return List.of(desktop, phone, laptop, bob);
    }

    // ---- message sync

    /** Sends from the desktop, one message at a time; the latency is until the phone announces it stored. */
    private Phase messages(String name, String session, Protection expected) throws Exception {
        long phaseStart = System.nanoTime();
        long[] samples = new long[rounds];
        CpuTally tally = new CpuTally();
        for (int i = 0; i < warmup + rounds; i++) {
            String text = name + " #" + i;
            messagesSent++;
            try (Sent onDesktop = new Sent(desktop, session, text);
                 Arrival onPhone = new Arrival(phone, session, text);
                 Arrival onLaptop = new Arrival(laptop, session, text);
                 Arrival onBob = new Arrival(bob, session, text)) {
                CpuMeter.Snapshot before = i >= warmup ? cpu.snapshot() : null;
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
            clearEventQueues();
            settle();
        }
        return finish(name, samples, tally, phaseStart);
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

    // ---- read-marker sync

    /**
     * The other user sends a batch of messages, unread on all three of the account's devices; the desktop then
     * reads them one by one, each read a round: the latency is until the phone announces the conversation changed
     * with one fewer unread.
     */
    private Phase readMarkers(String name, String session) throws Exception {
        long phaseStart = System.nanoTime();
        long[] samples = new long[rounds];
        CpuTally tally = new CpuTally();
        int total = warmup + rounds;
        int done = 0;
        while (done < total) {
            int count = Math.min(unread, total - done);
            List<Long> seqs = unreadBatch(session, count, done);
            for (int k = 0; k < count; k++, done++) {
                int left = count - 1 - k;
                try (Marker onPhone = new Marker(phone, session, left);
                     Marker onLaptop = new Marker(laptop, session, left)) {
                    CpuMeter.Snapshot before = done >= warmup ? cpu.snapshot() : null;
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
                clearEventQueues();
                settle();
            }
        }
        return finish(name, samples, tally, phaseStart);
    }

    /**
     * The other user sends {@code count} messages; answers their seqs once they are delivered and unread on each
     * of the account's devices.
     */
    private List<Long> unreadBatch(String session, int count, int from) throws Exception {
        List<CompletableFuture<Entry>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(bob.messenger().send(session, "unread #" + (from + i)));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Entry> send : sends) {
            ids.add(await(send, "the other user's send").messageId());
        }
        for (User device : List.of(desktop, phone, laptop)) {
            spinUntil(count + " unread on " + device.identity().deviceId(), () -> unread(device, session) == count);
        }
        spinUntil("the other user's batch delivered", () -> bob.history().latest(session, count).stream()
                .filter(e -> ids.contains(e.messageId())).filter(e -> e.state() == DeliveryState.DELIVERED)
                .count() == count);
        settle();
        List<Long> seqs = desktop.history().latest(session, count).stream().filter(e -> ids.contains(e.messageId()))
                .map(Entry::seq).sorted().toList();
        if (seqs.size() != count) {
            throw new HarnessFailure("the desktop holds " + seqs.size() + " of the other user's " + count
                    + " messages");
        }
        clearEventQueues();
        return seqs;
    }

    /** When a device announces the conversation changed with {@code left} unread messages. */
    private static final class Marker implements AutoCloseable {
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

    // ---- the homeserver path alone

    /**
     * Read markers sealed beforehand to {@code siblings} (the phone first), as the desktop's sync sender seals
     * them, sent with {@code send_sync_event} from the desktop's connection. Each marker is one past the last: the
     * conversation has nothing unread left, so it only moves the siblings' markers.
     */
    private Probe probe(String session, List<User> siblings, String name) throws Exception {
        int total = PROBE_WARMUP + probeRounds;
        VerifiedDevices devices = await(new DeviceDirectory(desktop.connection(), Clock.systemUTC())
                .byUserId(desktop.userId(), 0), "the account's device list");
        List<RecipientDevice> recipients = new ArrayList<>();
        for (User sibling : siblings) {
            recipients.add(recipient(devices, sibling));
        }
        if (probeSeq == 0) {
            probeSeq = desktop.history().latest(session, 1).get(0).seq() + 1_000;
        }
        List<SendSyncEventParams> sealed = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] body = new SyncCodec().encode(new SyncEvent.ReadUpTo(session, probeSeq++));
            String eventId = SessionIds.random(random);
            List<SyncItem> items = new ArrayList<>();
            for (RecipientDevice to : recipients) {
                items.add(item(to, eventId, body));
            }
            sealed.add(new SendSyncEventParams(items));
        }
        long[] answered = new long[probeRounds];
        long[] applied = new long[probeRounds];
        for (int i = 0; i < total; i++) {
            List<Marker> markers = siblings.stream().map(sibling -> new Marker(sibling, session, 0)).toList();
            try {
                long start = System.nanoTime();
                long answer = await(BenchClients.completionTime(desktop.connection().call(Methods.SEND_SYNC_EVENT,
                        sealed.get(i))), "send_sync_event");
                long done = await(markers.get(0).applied, "the sealed marker on the phone");
                for (Marker marker : markers) {
                    await(marker.applied, "the sealed marker on every sibling");
                }
                if (i >= PROBE_WARMUP) {
                    answered[i - PROBE_WARMUP] = answer - start;
                    applied[i - PROBE_WARMUP] = done - start;
                }
            } finally {
                markers.forEach(Marker::close);
            }
            clearEventQueues();
            settle();
        }
        Probe probe = new Probe(name, answered, applied);
        System.out.printf(Locale.ROOT, "  homeserver path, sealed to %s: send_sync_event answered p50 %.2f ms, "
                        + "applied on the phone p50 %.2f ms%n", name,
                LatencyStats.millis(LatencyStats.of(answered).p50Nanos()),
                LatencyStats.millis(LatencyStats.of(applied).p50Nanos()));
        return probe;
    }

    private SyncItem item(RecipientDevice to, String eventId, byte[] body) throws Exception {
        SyncEnvelope.Header header = new SyncEnvelope.Header(desktop.identity().device(), to.device(), eventId,
                Instant.now());
        byte[] sealed = desktop.identity().withSigningKey(key -> SyncEnvelope.seal(header, body, key, to, random));
        return new SyncItem(to.device().deviceId(), Base64.getEncoder().encodeToString(sealed));
    }

    private static RecipientDevice recipient(VerifiedDevices devices, User device) throws Exception {
        return RecipientDevice.of(certificate(devices, device));
    }

    private static DeviceCertificate certificate(VerifiedDevices devices, User device) {
        for (DeviceCertificate certificate : devices.devices()) {
            if (certificate.body().deviceId().equals(device.identity().deviceId())) {
                return certificate;
            }
        }
        throw new HarnessFailure("no certificate for device " + device.identity().deviceId());
    }

    // ---- size and crypto

    /** One read marker from the desktop to the phone, sealed and opened {@code cryptoRounds} times on this thread. */
    private Crypto crypto(String session) throws Exception {
        VerifiedDevices devices = await(new DeviceDirectory(desktop.connection(), Clock.systemUTC())
                .byUserId(desktop.userId(), 0), "the account's device list");
        RecipientDevice toPhone = recipient(devices, phone);
        byte[] senderSigningKey = certificate(devices, desktop).body().signingKey();
        DeviceRef me = phone.identity().device();
        byte[] body = new SyncCodec().encode(new SyncEvent.ReadUpTo(session, desktop.history().latest(session, 1)
                .get(0).seq()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int total = cryptoRounds + cryptoRounds / 5;
        long[] sealCpu = new long[cryptoRounds];
        long[] sealWall = new long[cryptoRounds];
        long[] openCpu = new long[cryptoRounds];
        long[] openWall = new long[cryptoRounds];
        byte[] sealed = null;
        for (int i = 0; i < total; i++) {
            SyncEnvelope.Header header = new SyncEnvelope.Header(desktop.identity().device(), toPhone.device(),
                    SessionIds.random(random), Instant.now());
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sealed = desktop.identity().withSigningKey(key -> SyncEnvelope.seal(header, body, key, toPhone, random));
            long wall1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            byte[] box = sealed;
            byte[] opened = phone.identity().withEncryptionKey(key -> SyncEnvelope.open(box, me, key,
                    senderSigningKey));
            long wall2 = System.nanoTime();
            long cpu2 = threads.getCurrentThreadCpuTime();
            if (!(new SyncCodec().decode(opened) instanceof SyncEvent.ReadUpTo)) {
                throw new HarnessFailure("the sealed read marker did not open as one");
            }
            int at = i - (total - cryptoRounds);
            if (at >= 0) {
                sealCpu[at] = cpu1 - cpu0;
                sealWall[at] = wall1 - wall0;
                openCpu[at] = cpu2 - cpu1;
                openWall[at] = wall2 - wall1;
            }
        }
        return new Crypto(sealed.length, Base64.getEncoder().encodeToString(sealed).length(), sealCpu, sealWall,
                openCpu, openWall);
    }

    // ---- results

    private Phase finish(String name, long[] samples, CpuTally tally, long phaseStart) {
        Phase phase = new Phase(name, samples, tally, (System.nanoTime() - phaseStart) / 1e9);
        LatencyStats s = phase.stats();
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; CPU %.2f ms a round;"
                        + " %.1f s%n", name, LatencyStats.millis(s.p50Nanos()), LatencyStats.millis(s.p90Nanos()),
                LatencyStats.millis(s.p99Nanos()), LatencyStats.millis(s.maxNanos()), tally.perRoundMillis(),
                phase.seconds());
        return phase;
    }

    private void report(Path outputDir, Instant startedAt, long runStart, double setupSeconds, List<Phase> phases,
                        List<Probe> probes, Crypto crypto, int cores, double loadStart) throws IOException {
        double loadEnd = os.getSystemLoadAverage();
        ResultTable table = new ResultTable();
        table.info("Devices: the account's desktop + 2 linked (phone, laptop); another user's desktop", "4");
        table.info("Rounds per phase (after " + warmup + " warm-up), one at a time", String.format(Locale.ROOT,
                "%,d", rounds));
        for (Phase phase : phases) {
            LatencyStats s = phase.stats();
            double p50 = LatencyStats.millis(s.p50Nanos());
            String to = phase.name().startsWith("Read") ? "desktop markRead → phone SessionChanged, unread down"
                    : "desktop send → phone EntriesAdded";
            table.check(phase.name() + ": " + to + ", p50", Units.ms(p50), "≤ " + (int) TARGET_MILLIS + " ms",
                    p50 <= TARGET_MILLIS);
            table.info("  p90 / p99 / max", Units.ms(LatencyStats.millis(s.p90Nanos())) + " / "
                    + Units.ms(LatencyStats.millis(s.p99Nanos())) + " / "
                    + Units.ms(LatencyStats.millis(s.maxNanos())));
            table.info("  CPU a round, all threads but the harness (phone messenger; JVM's own: GC, JIT)",
                    Units.ms(phase.cpu().perRoundMillis()) + " (" + Units.ms(phase.cpu().perRoundMillis(
                            "phone messenger")) + "; " + Units.ms(phase.cpu().perRoundMillis(CpuMeter.JVM)) + ")");
        }
        table.check("Desktop messages whose receipt was announced but which stayed undelivered",
                lost.size() + " of " + messagesSent, "0", lost.isEmpty());
        for (Probe probe : probes) {
            LatencyStats answered = LatencyStats.of(probe.answeredNanos());
            LatencyStats applied = LatencyStats.of(probe.appliedNanos());
            table.info("Read marker sealed beforehand to " + probe.siblings() + ", send_sync_event → answered / "
                    + "applied on the phone, p50", Units.ms(LatencyStats.millis(answered.p50Nanos())) + " / "
                    + Units.ms(LatencyStats.millis(applied.p50Nanos())));
        }
        table.info("Sealed read marker, one sibling (base64 on the wire)", String.format(Locale.ROOT,
                "%d B (%d chars)", crypto.sealedBytes(), crypto.base64Chars()));
        table.info("Sealing one for one sibling / opening one, CPU p50", Units.ms(LatencyStats.millis(
                LatencyStats.of(crypto.sealCpuNanos()).p50Nanos())) + " / " + Units.ms(LatencyStats.millis(
                LatencyStats.of(crypto.openCpuNanos()).p50Nanos())));
        table.info("System load average (1 min) at start / end, " + cores + " cores",
                String.format(Locale.ROOT, "%.2f / %.2f", loadStart, loadEnd));
        System.out.println();
        System.out.print(table.render());
        System.out.println();
        if (!lost.isEmpty()) {
            System.out.println("Desktop messages that stayed undelivered after their receipt was announced:");
            lost.forEach(entry -> System.out.println("  " + entry));
            System.out.println();
        }
        for (Phase phase : phases) {
            System.out.println("CPU a round by thread, " + phase.name() + ":");
            phase.cpu().byGroup().forEach((group, nanos) -> {
                double millis = LatencyStats.millis((double) nanos / phase.cpu().rounds());
                if (millis >= 0.05) {
                    System.out.printf(Locale.ROOT, "  %-40s %8.3f ms%n", group, millis);
                }
            });
        }
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "device-sync");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", Units.round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("environment", MailboxBench.environment());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("warmup_rounds", warmup);
        settings.put("rounds", rounds);
        settings.put("unread_batch", unread);
        settings.put("probe_rounds", probeRounds);
        settings.put("crypto_rounds", cryptoRounds);
        settings.put("settle_ms", TimeUnit.NANOSECONDS.toMillis(settleNanos));
        json.put("settings", settings);
        json.put("setup_seconds", Units.round(setupSeconds, 1));
        Map<String, Object> medians = new LinkedHashMap<>();
        for (Phase phase : phases) {
            medians.put(phase.name(), Units.roundMillis(phase.stats().p50Nanos(), 3));
        }
        json.put("latency_p50_ms", medians);
        json.put("phases", phases.stream().map(Phase::toJson).toList());
        json.put("homeserver_path", probes.stream().map(Probe::toJson).toList());
        json.put("sealed_read_marker", crypto.toJson());
        json.put("desktop_receipts", Map.of("messages", messagesSent, "stayed_undelivered", lost));
        json.put("load_average", Map.of("start", loadStart, "end", loadEnd, "cores", cores));
        json.put("all_targets_met", table.allMet());
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("sync-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    // ---- CPU

    /** CPU per round: the process's, and by thread; each device's messenger thread by the device's name. */
    private static final class CpuMeter {
        static final String HARNESS = "bench harness";
        /** What the process spent outside its Java threads: garbage collection, the JIT compilers. */
        static final String JVM = "JVM's own threads (GC, JIT compilers)";
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final Map<Long, String> groups = new ConcurrentHashMap<>();
        private final long harness = Thread.currentThread().getId();

        record Snapshot(long process, Map<Long, Long> threads) {
        }

        /** Learns {@code device}'s messenger thread from the events it publishes there. */
        Subscription watchMessenger(User device, String group) {
            return device.messenger().events().subscribe(event -> {
                if (Thread.currentThread().getName().equals("mzchat-messenger")) {
                    groups.putIfAbsent(Thread.currentThread().getId(), group);
                }
            });
        }

        long messengers() {
            return groups.values().stream().filter(g -> g.endsWith(" messenger")).count();
        }

        Snapshot snapshot() {
            long process = os.getProcessCpuTime();
            Map<Long, Long> cpu = new HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                long nanos = threads.getThreadCpuTime(id);
                if (nanos >= 0) {
                    cpu.put(id, nanos);
                }
            }
            return new Snapshot(process, cpu);
        }

        /** Adds what was spent since {@code before} to {@code tally}, as one round. */
        void add(Snapshot before, CpuTally tally) {
            Snapshot after = snapshot();
            long harnessNanos = 0;
            for (Map.Entry<Long, Long> thread : after.threads().entrySet()) {
                long spent = thread.getValue() - before.threads().getOrDefault(thread.getKey(), 0L);
                String group = group(thread.getKey());
                if (group.equals(HARNESS)) {
                    harnessNanos += spent;
                } else if (spent > 0) {
                    tally.byThread.merge(group, spent, Long::sum);
                }
            }
            long process = after.process() - before.process() - harnessNanos;
            long javaThreads = 0;
            for (Map.Entry<Long, Long> thread : after.threads().entrySet()) {
                if (!group(thread.getKey()).equals(HARNESS)) {
                    javaThreads += Math.max(0, thread.getValue() - before.threads().getOrDefault(thread.getKey(), 0L));
                }
            }
            if (process > javaThreads) {
                tally.byThread.merge(JVM, process - javaThreads, Long::sum);
            }
            tally.processNanos += process;
            tally.rounds++;
        }

        private String group(long id) {
            return groups.computeIfAbsent(id, key -> {
                if (key == harness) {
                    return HARNESS;
                }
                ThreadInfo info = threads.getThreadInfo(key);
                return info == null ? "(ended)" : info.getThreadName().replaceAll("\\d+", "#");
            });
        }
    }

    /** The CPU of a phase's measured rounds. */
    private static final class CpuTally {
        final Map<String, Long> byThread = new HashMap<>();
        long processNanos;
        int rounds;

        int rounds() {
            return Math.max(rounds, 1);
        }

        double perRoundMillis() {
            return LatencyStats.millis((double) processNanos / rounds());
        }

        double perRoundMillis(String group) {
            return LatencyStats.millis((double) byThread.getOrDefault(group, 0L) / rounds());
        }

        /** Nanoseconds by thread group, the largest first. */
        Map<String, Long> byGroup() {
            Map<String, Long> sorted = new LinkedHashMap<>();
            byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rounds", rounds);
            json.put("process_ms_per_round", Units.round(perRoundMillis(), 3));
            Map<String, Object> threads = new LinkedHashMap<>();
            byGroup().forEach((group, nanos) -> threads.put(group,
                    Units.round(LatencyStats.millis((double) nanos / rounds()), 3)));
            json.put("by_thread_ms_per_round", threads);
            return json;
        }
    }

    // ---- waiting

    /** The queues every device's events also go to: emptied between rounds, they would grow with every round. */
    private void clearEventQueues() {
        everyDevice().forEach(device -> device.events.clear());
    }

    private void settle() {
        if (settleNanos > 0) {
            LockSupport.parkNanos(settleNanos);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HarnessFailure(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new HarnessFailure(what + " did not come within " + PATIENCE.toSeconds() + " s", e);
        }
    }

    /** Whether {@code condition} holds within {@code limit}, checked every 0.2 ms. */
    private static boolean holdsWithin(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** Checks {@code condition} every 0.2 ms until it holds; for what has no event of its own. */
    private static void spinUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new HarnessFailure(what + " did not happen within " + PATIENCE.toSeconds() + " s");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
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
            System.err.println("SyncBench: the harness did not finish within " + RUN_LIMIT.toMinutes() + " minutes");
            Runtime.getRuntime().halt(3);
        }, "sync-bench-run-limit");
        limit.setDaemon(true);
        limit.start();
    }
}
