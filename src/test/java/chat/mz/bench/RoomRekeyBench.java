package chat.mz.bench;

import chat.mz.client.Subscription;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.client.e2ee.WrapResult;
import chat.mz.client.messaging.Me;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.SessionUserParams;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What replacing a group's room key costs, end to end: a real {@link Homeserver} on loopback with its
 * H2 file in a temporary folder, real accounts of two devices each registered over the protocol, and a
 * real {@link Messenger} as the member who re-keys, with its own history.
 *
 * <p><em>Re-key cost</em>, for groups of 10, 100 and 1,000 members: the wall time of
 * {@code encryption().rotateNow} (session lookup, sealing the new key to every member device but the
 * sender's own, one {@code send_room_key} call and its answer), after one warm-up re-key that fetches
 * and checks every member's device list, so the measured ones find them cached; the CPU time the
 * client's sealing threads spent, and the process's CPU time (homeserver included, as it runs in the
 * same JVM); and the size of the {@code send_room_key} frame as the client's codec encodes it.
 *
 * <p><em>Time to the first message readable by all after a re-key</em>, in the largest group: from
 * calling {@code rotateNow} until every one of a sample of online member devices (each a real
 * {@link Messenger} on its own connection, logged in as that device) has stored the new key and
 * decrypted a message the re-keying member sent under it right after the re-key completed. The other
 * members' devices are offline: their keys and messages are queued on the homeserver.
 *
 * <p>Member accounts are real (own root key, own signed device list and certificates, verified by the
 * homeserver and by every client that looks them up); only the devices' RSA encryption keys come from
 * a small pool, reused across devices, since making one costs up to a second and sealing costs the
 * same for any key. Groups above {@value NewSessionRequest#MAX_INITIAL_MEMBERS} initial members are
 * filled by invitations each invitee accepts.
 *
 * <p>Prints a table and writes {@code rekey-bench.json} into the folder given as the only argument.
 * Exit status: 0 done, 1 harness failure, 2 bad arguments, 3 out of time. Sizes: system properties
 * {@code rekey.bench.members} (group sizes, sender included; {@code 10,100,1000}), {@code .online}
 * (receiving devices online in the largest group, 16), {@code .rounds} (latency rounds, 7),
 * {@code .costRounds} (re-keys measured per size, 9), {@code .rsaKeys} (RSA keys in the pool, 4),
 * {@code .setupThreads} (parallel registrations, 6).
 */
public final class RoomRekeyBench {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(40);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long the sender may take to work through the joins of a large group before the re-keys start. */
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);
    private static final int DEVICES_PER_MEMBER = 2;
    private static final double REKEY_TARGET_MILLIS = 300;
    private static final double READABLE_TARGET_MILLIS = 1_000;
    private static final String SEALING_THREAD = "mzchat-room-keys";

    private final List<Integer> sizes = sizes(System.getProperty("rekey.bench.members", ""));
    private final int online = Integer.getInteger("rekey.bench.online", 16);
    private final int rounds = Integer.getInteger("rekey.bench.rounds", 7);
    private final int costRounds = Integer.getInteger("rekey.bench.costRounds", 9);
    private final int rsaKeys = Integer.getInteger("rekey.bench.rsaKeys", 4);
    private final int setupThreads = Integer.getInteger("rekey.bench.setupThreads", 6);
    private final SecureRandom random = new SecureRandom();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private RoomRekeyBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("RoomRekeyBench: usage: RoomRekeyBench <output folder>");
            System.exit(2);
        }
        startRunLimit();
        int status;
        try {
            new RoomRekeyBench().run(Path.of(args[0]));
            status = 0;
        } catch (HarnessFailure e) {
            System.err.println("RoomRekeyBench: the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Throwable e) {
            System.err.println("RoomRekeyBench: the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** The group sizes asked for; unset, empty or an unfilled Maven property means 10, 100 and 1,000. */
    private static List<Integer> sizes(String property) {
        if (property.isBlank() || property.startsWith("${")) {
            property = "10,100,1000";
        }
        List<Integer> sizes = Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::valueOf).sorted().distinct().toList();
        if (sizes.isEmpty() || sizes.get(0) < 2 || sizes.get(sizes.size() - 1) > 1_000) {
            throw new IllegalArgumentException("rekey.bench.members: group sizes from 2 to 1000, comma-separated");
        }
        return sizes;
    }

    /** One size's re-key cost. */
    private record Cost(int members, int recipientDevices, double firstRekeyMillis, long[] wallNanos,
                        long[] sealingCpuNanos, long[] processCpuNanos, long frameBytes, Parts parts) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("members", members);
            json.put("recipient_devices", recipientDevices);
            json.put("rounds", wallNanos.length);
            json.put("first_rekey_millis_fetching_device_lists", Units.round(firstRekeyMillis, 1));
            LatencyStats wall = LatencyStats.of(wallNanos);
            json.put("rotate_now_wall_millis_median", Units.roundMillis(wall.p50Nanos(), 2));
            json.put("rotate_now_wall_millis_p90", Units.roundMillis(wall.p90Nanos(), 2));
            json.put("rotate_now_wall_millis_min", Units.roundMillis(wall.minNanos(), 2));
            json.put("rotate_now_wall_millis_max", Units.roundMillis(wall.maxNanos(), 2));
            json.put("sealing_cpu_millis_median", Units.roundMillis(LatencyStats.of(sealingCpuNanos).p50Nanos(), 2));
            json.put("process_cpu_millis_median", Units.roundMillis(LatencyStats.of(processCpuNanos).p50Nanos(), 2));
            json.put("send_room_key_frame_bytes", frameBytes);
            json.put("send_room_key_bytes_per_device", Units.round((double) frameBytes / recipientDevices, 1));
            json.put("steps", parts.toJson());
            json.put("rotate_now_wall_millis", Arrays.stream(wallNanos).mapToObj(n -> Units.roundMillis(n, 2)).toList());
            return json;
        }
    }

    /**
     * The steps of a re-key, timed one by one: the same calls {@code rotateNow} makes, made by the
     * re-keying member's other device on a connection of its own.
     */
    private record Parts(long[] getSessionNanos, long[] sealWallNanos, long[] sealCpuNanos, long[] sendNanos) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rounds", sendNanos.length);
            json.put("get_session_millis_median", Units.roundMillis(LatencyStats.of(getSessionNanos).p50Nanos(), 2));
            json.put("seal_wall_millis_median", Units.roundMillis(LatencyStats.of(sealWallNanos).p50Nanos(), 2));
            json.put("seal_cpu_millis_median", Units.roundMillis(LatencyStats.of(sealCpuNanos).p50Nanos(), 2));
            json.put("send_room_key_answered_millis_median", Units.roundMillis(LatencyStats.of(sendNanos).p50Nanos(),
                    2));
            return json;
        }

        static double median(long[] nanos) {
            return LatencyStats.millis(LatencyStats.of(nanos).p50Nanos());
        }
    }

    /** One latency round: when the re-key completed and when each online device could read the message. */
    private record Round(long rekeyNanos, long sentNanos, long[] readableNanos) {
        long allNanos() {
            return Arrays.stream(readableNanos).max().orElseThrow();
        }
    }

    private void run(Path outputDir) throws Exception {
        if (online < 1 || rounds < 1 || costRounds < 1 || rsaKeys < 1 || setupThreads < 1) {
            throw new HarnessFailure("rekey.bench.online, .rounds, .costRounds, .rsaKeys and .setupThreads must be "
                    + "at least 1");
        }
        int largest = sizes.get(sizes.size() - 1);
        int onlineMembers = (online + DEVICES_PER_MEMBER - 1) / DEVICES_PER_MEMBER;
        if (onlineMembers > largest - 1) {
            throw new HarnessFailure("rekey.bench.online needs more members than the largest group has");
        }
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        double loadBefore = os.getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "RoomRekeyBench: groups of %s members × %d devices, %d online receiving "
                        + "devices, %d cores, max heap %s, load %.2f%n", sizes, DEVICES_PER_MEMBER, online, cores,
                Units.mib(Runtime.getRuntime().maxMemory()), loadBefore);
        Path data = Files.createTempDirectory("mzchat-rekey-bench");
        ExecutorScheduler scheduler = new ExecutorScheduler("bench-timers");
        Homeserver server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(data.resolve("server")), Clock.systemUTC(), scheduler, scheduler::close, "bench");
        ExecutorService setup = Executors.newFixedThreadPool(setupThreads);
        List<Cost> costs = new ArrayList<>();
        List<Round> latency = new ArrayList<>();
        Map<String, Object> setupJson = new LinkedHashMap<>();
        double loadDuring;
        try {
            URI uri = server.uri();
            long phase = System.nanoTime();
            RsaKeyPair[] pool = rsaPool(setup);
            List<RekeyMember> members = register(uri, largest, pool, setup);
            double registerSeconds = (System.nanoTime() - phase) / 1e9;
            setupJson.put("accounts", largest);
            setupJson.put("rsa_keys_in_pool", pool.length);
            setupJson.put("register_seconds", Units.round(registerSeconds, 1));
            System.out.printf(Locale.ROOT, "  %d accounts of %d devices registered in %.1f s%n", largest,
                    DEVICES_PER_MEMBER, registerSeconds);

            RekeyMember senderAccount = members.get(0);
            Device sender = start(uri, senderAccount, 0, data);
            RekeyMember.Online otherDevice = RekeyMember.Online.open(uri).login(senderAccount, 1);
            toClose.add(otherDevice);
            Map<Integer, String> sessions = new LinkedHashMap<>();
            for (int size : sizes) {
                phase = System.nanoTime();
                String sessionId = group(uri, sender, members.subList(1, size), size, setup);
                sessions.put(size, sessionId);
                double seconds = (System.nanoTime() - phase) / 1e9;
                setupJson.put("group_" + size + "_seconds", Units.round(seconds, 1));
                System.out.printf(Locale.ROOT, "  group of %d made in %.1f s%n", size, seconds);
            }
            for (int size : sizes) {
                Cost cost = cost(sender, otherDevice, sessions.get(size), members.subList(0, size));
                costs.add(cost);
                LatencyStats wall = LatencyStats.of(cost.wallNanos());
                System.out.printf(Locale.ROOT, "  re-key %d members: first %.1f ms, then median %.1f ms (p90 %.1f), "
                                + "sealing CPU %.1f ms, frame %s%n", size, cost.firstRekeyMillis(),
                        LatencyStats.millis(wall.p50Nanos()), LatencyStats.millis(wall.p90Nanos()),
                        LatencyStats.millis(LatencyStats.of(cost.sealingCpuNanos()).p50Nanos()),
                        Units.kib(cost.frameBytes()));
            }

            // the online sample: both devices of the last members to join the largest group
            List<Device> receivers = new ArrayList<>();
            for (int m = largest - 1; receivers.size() < online; m--) {
                for (int d = 0; d < DEVICES_PER_MEMBER && receivers.size() < online; d++) {
                    receivers.add(start(uri, members.get(m), d, data));
                }
            }
            String sessionId = sessions.get(largest);
            long epoch = sender.messenger().history().roomKeys().settings(sessionId).keyEpoch();
            for (Device receiver : receivers) {
                awaitEpoch(receiver, sessionId, epoch);
            }
            System.out.printf(Locale.ROOT, "  %d receiving devices online, holding key %d%n", receivers.size(), epoch);
            round(sender, receivers, sessionId, "warm-up");
            for (int r = 1; r <= rounds; r++) {
                Round round = round(sender, receivers, sessionId, "round " + r);
                latency.add(round);
                System.out.printf(Locale.ROOT, "  round %d: re-key %.1f ms, message accepted %.1f ms, readable on all "
                                + "%d devices after %.1f ms%n", r, LatencyStats.millis(round.rekeyNanos()),
                        LatencyStats.millis(round.sentNanos()), receivers.size(), LatencyStats.millis(round.allNanos()));
            }
            loadDuring = os.getSystemLoadAverage();
        } finally {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    System.err.println("RoomRekeyBench: closing failed: " + e);
                }
            }
            setup.shutdownNow();
            server.close();
            deleteTree(data);
        }

        int largestMembers = largest;
        int queuedDevices = largestMembers * DEVICES_PER_MEMBER - 1 - online;
        ResultTable table = new ResultTable();
        table.info("Members' devices: own signing keys and certificates; RSA-3072 encryption keys",
                "pool of " + rsaKeys + " reused");
        for (Cost cost : costs) {
            String what = String.format(Locale.ROOT, "Re-key %,d members × %d devices (%,d recipient devices)",
                    cost.members(), DEVICES_PER_MEMBER, cost.recipientDevices());
            double wall = LatencyStats.millis(LatencyStats.of(cost.wallNanos()).p50Nanos());
            String wallMetric = what + ": rotateNow wall, median of " + cost.wallNanos().length;
            if (cost.members() == 1_000) {
                table.check(wallMetric, Units.ms(wall), "≤ " + (int) REKEY_TARGET_MILLIS + " ms",
                        wall <= REKEY_TARGET_MILLIS);
            } else {
                table.info(wallMetric, Units.ms(wall));
            }
            table.info("  sealing CPU (client sealing threads) / process CPU (client + homeserver)",
                    Units.ms(LatencyStats.millis(LatencyStats.of(cost.sealingCpuNanos()).p50Nanos())) + " / "
                            + Units.ms(LatencyStats.millis(LatencyStats.of(cost.processCpuNanos()).p50Nanos())));
            table.info("  send_room_key frame (bytes per recipient device)", String.format(Locale.ROOT,
                    "%s (%.0f B)", Units.kib(cost.frameBytes()), (double) cost.frameBytes() / cost.recipientDevices()));
            table.info("  first re-key of the group, device lists fetched and checked",
                    Units.ms(cost.firstRekeyMillis()));
            Parts parts = cost.parts();
            table.info("  steps: get_session / seal on " + Runtime.getRuntime().availableProcessors()
                            + " threads (CPU) / send_room_key answered", String.format(Locale.ROOT,
                    "%.1f / %.1f (%.1f) / %.1f ms", Parts.median(parts.getSessionNanos()),
                    Parts.median(parts.sealWallNanos()), Parts.median(parts.sealCpuNanos()),
                    Parts.median(parts.sendNanos())));
        }
        long[] all = latency.stream().mapToLong(Round::allNanos).toArray();
        long[] rekeys = latency.stream().mapToLong(Round::rekeyNanos).toArray();
        long[] each = latency.stream().flatMapToLong(r -> Arrays.stream(r.readableNanos())).toArray();
        LatencyStats allStats = LatencyStats.of(all);
        double allMedian = LatencyStats.millis(allStats.p50Nanos());
        table.info(String.format(Locale.ROOT, "Readable after re-key, %,d members: devices online / queued offline",
                largestMembers), String.format(Locale.ROOT, "%d / %,d", online, queuedDevices));
        table.check("  rotateNow to the message decrypted on all " + online + " online devices, median of "
                + all.length, Units.ms(allMedian), "≤ " + (int) READABLE_TARGET_MILLIS + " ms",
                allMedian <= READABLE_TARGET_MILLIS);
        table.info("  same, p90 / max", Units.ms(LatencyStats.millis(allStats.p90Nanos())) + " / "
                + Units.ms(LatencyStats.millis(allStats.maxNanos())));
        long[] sends = latency.stream().mapToLong(Round::sentNanos).toArray();
        table.info("  of which rotateNow done / message accepted by the homeserver (medians)",
                Units.ms(LatencyStats.millis(LatencyStats.of(rekeys).p50Nanos())) + " / "
                        + Units.ms(LatencyStats.millis(LatencyStats.of(sends).p50Nanos())));
        table.info("  per device (median / p90 over all devices and rounds)",
                Units.ms(LatencyStats.millis(LatencyStats.of(each).p50Nanos())) + " / "
                        + Units.ms(LatencyStats.millis(LatencyStats.of(each).p90Nanos())));
        table.info("System load average (1 min) at start / during / end, " + cores + " cores",
                String.format(Locale.ROOT, "%.2f / %.2f / %.2f", loadBefore, loadDuring, os.getSystemLoadAverage()));
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "room-rekey");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", Units.round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("environment", MailboxBench.environment());
        json.put("settings", Map.of("members", sizes, "devices_per_member", DEVICES_PER_MEMBER, "online_devices",
                online, "rounds", rounds, "cost_rounds", costRounds, "rsa_keys", rsaKeys));
        json.put("setup", setupJson);
        json.put("rsa_key_note", "each device has its own Ed25519 signing key and certificate; the RSA-3072 "
                + "encryption public keys come from a pool of " + rsaKeys + " and are reused across devices");
        json.put("rekey", costs.stream().map(Cost::toJson).toList());
        Map<String, Object> readable = new LinkedHashMap<>();
        readable.put("members", largestMembers);
        readable.put("online_devices", online);
        readable.put("queued_offline_devices", queuedDevices);
        readable.put("rounds", all.length);
        readable.put("all_online_readable_millis_median", Units.roundMillis(allStats.p50Nanos(), 1));
        readable.put("all_online_readable_millis_p90", Units.roundMillis(allStats.p90Nanos(), 1));
        readable.put("all_online_readable_millis_max", Units.roundMillis(allStats.maxNanos(), 1));
        readable.put("rotate_now_millis_median", Units.roundMillis(LatencyStats.of(rekeys).p50Nanos(), 1));
        readable.put("message_accepted_millis_median", Units.roundMillis(LatencyStats.of(sends).p50Nanos(), 1));
        readable.put("per_device_millis_median", Units.roundMillis(LatencyStats.of(each).p50Nanos(), 1));
        readable.put("per_device_millis_p90", Units.roundMillis(LatencyStats.of(each).p90Nanos(), 1));
        readable.put("target_millis", READABLE_TARGET_MILLIS);
        readable.put("all_online_readable_millis", Arrays.stream(all).mapToObj(n -> Units.roundMillis(n, 1)).toList());
        json.put("readable_after_rekey", readable);
        json.put("load_average", Map.of("start", loadBefore, "during", loadDuring,
                "end", os.getSystemLoadAverage(), "cores", cores));
        json.put("all_targets_met", table.allMet());
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("rekey-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    /** A few RSA key pairs, made in parallel. */
    private RsaKeyPair[] rsaPool(ExecutorService pool) throws Exception {
        List<Future<RsaKeyPair>> made = new ArrayList<>();
        for (int i = 0; i < rsaKeys; i++) {
            made.add(pool.submit(() -> RsaOaep.generate(random)));
        }
        RsaKeyPair[] keys = new RsaKeyPair[rsaKeys];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = made.get(i).get();
        }
        return keys;
    }

    /** {@code count} accounts, registered {@link #setupThreads} at a time. */
    private List<RekeyMember> register(URI uri, int count, RsaKeyPair[] pool, ExecutorService setup)
            throws Exception {
        List<Future<RekeyMember>> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            made.add(setup.submit(() -> {
                RekeyMember member = new RekeyMember(String.format(Locale.ROOT, "rekey%04d", index),
                        DEVICES_PER_MEMBER, pool, index * DEVICES_PER_MEMBER, random);
                member.register(uri);
                return member;
            }));
        }
        List<RekeyMember> members = new ArrayList<>(count);
        for (Future<RekeyMember> future : made) {
            members.add(get(future, "registering an account"));
        }
        return members;
    }

    /** One member device, online: its connection, history and messenger, and what it has read. */
    private record Device(RekeyMember member, int index, RekeyMember.Online online, History history,
                          Messenger messenger, Map<String, CompletableFuture<Long>> awaited, Subscription events) {
        String userId() {
            return member.userId();
        }
    }

    /** Logs device {@code index} of {@code member} in on its own connection and starts its messenger. */
    private Device start(URI uri, RekeyMember member, int index, Path data) throws InterruptedException {
        RekeyMember.Online connection = RekeyMember.Online.open(uri).login(member, index);
        toClose.add(connection);
        byte[] fileKey = new byte[32];
        random.nextBytes(fileKey);
        History history = History.open(data.resolve("devices").resolve(member.username() + "-" + index)
                .resolve("history"), fileKey, Clock.systemUTC());
        toClose.add(history);
        Me me = new Me(member.userId(), member.device(index).id(), member.username());
        Messenger messenger = new Messenger(connection.connection(), history, me, member.secrets(index),
                Clock.systemUTC(), random);
        toClose.add(messenger);
        Map<String, CompletableFuture<Long>> awaited = new java.util.concurrent.ConcurrentHashMap<>();
        Subscription events = messenger.events().subscribe(event -> {
            long at = System.nanoTime();
            if (awaited.isEmpty()) {
                return;
            }
            if (event instanceof MessengerEvent.EntriesAdded added) {
                added.entries().forEach(entry -> readable(entry, awaited, at));
            } else if (event instanceof MessengerEvent.EntryChanged changed) {
                // a message revealed once its key arrived
                history.latest(changed.sessionId(), 8).forEach(entry -> readable(entry, awaited, at));
            }
        });
        toClose.add(events::close);
        messenger.loggedIn();
        return new Device(member, index, connection, history, messenger, awaited, events);
    }

    /**
     * Completes the wait for {@code entry}'s text: a message received and decrypted, or (on the sender) one
     * of its own that the homeserver accepted.
     */
    private static void readable(Entry entry, Map<String, CompletableFuture<Long>> awaited, long at) {
        boolean done = !entry.outgoing() || entry.state() == DeliveryState.SENT
                || entry.state() == DeliveryState.DELIVERED;
        if (entry.kind() == Entry.Kind.TEXT && entry.protection() == Protection.ENCRYPTED && done) {
            CompletableFuture<Long> waiting = awaited.get(entry.text());
            if (waiting != null) {
                waiting.complete(at);
            }
        }
    }

    /**
     * An encrypted group of {@code size} members (the sender and {@code others}): made with as many as one
     * call takes, the rest invited by the sender and each accepting on its first device.
     */
    private String group(URI uri, Device sender, List<RekeyMember> others, int size, ExecutorService setup)
            throws Exception {
        int initial = Math.min(others.size(), NewSessionRequest.MAX_INITIAL_MEMBERS);
        SessionInfo info = get(sender.messenger().conversations().createGroup("Re-key bench " + size,
                others.subList(0, initial).stream().map(RekeyMember::userId).toList(), true), "making the group");
        String sessionId = info.sessionId();
        List<RekeyMember> invitees = others.subList(initial, others.size());
        if (!invitees.isEmpty()) {
            List<CompletableFuture<?>> invitations = new ArrayList<>();
            for (RekeyMember invitee : invitees) {
                invitations.add(sender.online().connection().call(Methods.INVITE_USER_TO_SESSION,
                        new SessionUserParams(sessionId, invitee.userId())));
            }
            for (CompletableFuture<?> invitation : invitations) {
                get(invitation, "inviting a member");
            }
            AtomicInteger accepted = new AtomicInteger();
            List<Future<?>> accepts = new ArrayList<>();
            for (RekeyMember invitee : invitees) {
                accepts.add(setup.submit(() -> {
                    try (RekeyMember.Online device = RekeyMember.Online.open(uri).login(invitee, 0)) {
                        device.call(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(sessionId));
                    }
                    int done = accepted.incrementAndGet();
                    if (done % 100 == 0) {
                        System.out.printf(Locale.ROOT, "    %d of %d invitations accepted%n", done, invitees.size());
                    }
                    return null;
                }));
            }
            for (Future<?> accept : accepts) {
                get(accept, "accepting an invitation");
            }
        }
        SessionInfo now = get(sender.online().connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                "looking the group up");
        if (now.members().size() != size) {
            throw new HarnessFailure("the group of " + size + " has " + now.members().size() + " members");
        }
        return sessionId;
    }

    /**
     * Re-keys the group {@code 1 + costRounds} times; the first one fetches every member's device list and is
     * reported apart. {@code members} includes the sender.
     */
    private Cost cost(Device sender, RekeyMember.Online otherDevice, String sessionId, List<RekeyMember> members)
            throws Exception {
        quiet(sender);
        long start = System.nanoTime();
        long epoch = get(sender.messenger().encryption().rotateNow(sessionId), "the first re-key");
        double firstMillis = (System.nanoTime() - start) / 1e6;
        quiet(sender);
        long[] wall = new long[costRounds];
        long[] sealing = new long[costRounds];
        long[] process = new long[costRounds];
        for (int round = 0; round < costRounds; round++) {
            Map<Long, Long> sealingBefore = sealingCpu();
            long processBefore = os.getProcessCpuTime();
            start = System.nanoTime();
            epoch = get(sender.messenger().encryption().rotateNow(sessionId), "a re-key");
            wall[round] = System.nanoTime() - start;
            process[round] = os.getProcessCpuTime() - processBefore;
            Map<Long, Long> sealingAfter = sealingCpu();
            long spent = 0;
            for (Map.Entry<Long, Long> thread : sealingAfter.entrySet()) {
                spent += thread.getValue() - sealingBefore.getOrDefault(thread.getKey(), 0L);
            }
            sealing[round] = spent;
        }
        List<RecipientDevice> recipients = new ArrayList<>();
        DeviceRef me = new DeviceRef(sender.userId(), sender.member().device(sender.index()).id());
        for (RekeyMember member : members) {
            for (RecipientDevice device : member.recipients()) {
                if (!device.device().equals(me)) {
                    recipients.add(device);
                }
            }
        }
        Parts parts = parts(sender.member(), otherDevice, sessionId, members, sender);
        return new Cost(members.size(), recipients.size(), firstMillis, wall, sealing, process,
                frameBytes(sender, sessionId, epoch + 1, recipients), parts);
    }

    /**
     * Re-keys {@link #costRounds} times from the re-keying member's other device, step by step: the session
     * lookup, sealing to every device but its own on a pool of one thread per core (wall time, and the CPU
     * time of the pool's threads), and the {@code send_room_key} call until its answer. The devices are
     * taken from the members' certificates, as a client holding their device lists does.
     */
    private Parts parts(RekeyMember account, RekeyMember.Online device, String sessionId, List<RekeyMember> members,
                        Device sender) throws Exception {
        DeviceRef me = new DeviceRef(account.userId(), account.device(1).id());
        List<RecipientDevice> recipients = new ArrayList<>();
        for (RekeyMember member : members) {
            for (RecipientDevice recipient : member.recipients()) {
                if (!recipient.device().equals(me)) {
                    recipients.add(recipient);
                }
            }
        }
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "bench-sealing-" + workers.size());
            thread.setDaemon(true);
            workers.add(thread);
            return thread;
        });
        long[] lookup = new long[costRounds];
        long[] sealWall = new long[costRounds];
        long[] sealCpu = new long[costRounds];
        long[] send = new long[costRounds];
        try {
            for (int round = 0; round < costRounds; round++) {
                quiet(sender);
                long start = System.nanoTime();
                SessionInfo info = get(device.connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                        "looking the group up");
                long looked = System.nanoTime();
                RoomKey key = RoomKey.create(sessionId, info.keyEpoch() + 1, random, Clock.systemUTC());
                long cpuBefore = workersCpu(workers);
                long sealStart = System.nanoTime();
                List<WrapResult> results = account.secrets(1).withSigningKey(signingKey ->
                        RoomKeyWrap.wrapForAll(key, me, signingKey, recipients, random, pool).join());
                List<WrappedRoomKey> wrapped = new ArrayList<>(results.size());
                for (WrapResult result : results) {
                    if (!(result instanceof WrapResult.Wrapped done)) {
                        throw new HarnessFailure("a recipient's key could not be used");
                    }
                    SealedRoomKey sealed = done.sealed();
                    wrapped.add(new WrappedRoomKey(sealed.recipient().userId(), sealed.recipient().deviceId(),
                            sealed.wrappedKeyBase64(), sealed.signatureBase64()));
                }
                long sealed = System.nanoTime();
                sealCpu[round] = workersCpu(workers) - cpuBefore;
                get(device.connection().call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(sessionId, key.epoch(),
                        true, wrapped)), "sending the room key");
                long answered = System.nanoTime();
                lookup[round] = looked - start;
                sealWall[round] = sealed - sealStart;
                send[round] = answered - sealed;
            }
        } finally {
            pool.shutdownNow();
        }
        // the re-keying device takes the last key from its own queue before it re-keys again
        long last = get(device.connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                "looking the group up").keyEpoch();
        awaitEpoch(sender, sessionId, last);
        return new Parts(lookup, sealWall, sealCpu, send);
    }

    private long workersCpu(List<Thread> workers) {
        long total = 0;
        for (Thread worker : workers) {
            total += Math.max(0, threads.getThreadCpuTime(worker.getId()));
        }
        return total;
    }

    /**
     * The size of the {@code send_room_key} frame a re-key to {@code recipients} sends, sealed and encoded the
     * way the client does it.
     */
    private long frameBytes(Device sender, String sessionId, long epoch, List<RecipientDevice> recipients)
            throws Exception {
        RoomKey key = RoomKey.create(sessionId, epoch, random, Clock.systemUTC());
        DeviceRef me = new DeviceRef(sender.userId(), sender.member().device(sender.index()).id());
        List<WrapResult> results = sender.member().secrets(sender.index()).withSigningKey(signingKey ->
                RoomKeyWrap.wrapForAll(key, me, signingKey, recipients, random, Runnable::run).join());
        List<WrappedRoomKey> wrapped = new ArrayList<>();
        for (WrapResult result : results) {
            if (!(result instanceof WrapResult.Wrapped done)) {
                throw new HarnessFailure("a recipient's key could not be used");
            }
            SealedRoomKey sealed = done.sealed();
            wrapped.add(new WrappedRoomKey(sealed.recipient().userId(), sealed.recipient().deviceId(),
                    sealed.wrappedKeyBase64(), sealed.signatureBase64()));
        }
        JsonCodec codec = new JsonCodec();
        String frame = codec.encode(new RpcMessage.Request(LongNode.valueOf(1_000), Methods.SEND_ROOM_KEY.name(),
                codec.toTree(new SendRoomKeyParams(sessionId, epoch, true, wrapped))));
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }

    /** CPU time so far of every client sealing thread alive, by thread id. */
    private Map<Long, Long> sealingCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(SEALING_THREAD)) {
                cpu.put(thread.getId(), Math.max(0, threads.getThreadCpuTime(thread.getId())));
            }
        }
        return cpu;
    }

    /**
     * One round: the sender re-keys, then sends a message under the new key; done when every online device
     * has decrypted it. Times are from the call to {@code rotateNow}.
     */
    private Round round(Device sender, List<Device> receivers, String sessionId, String label) throws Exception {
        quiet(sender);
        String text = "After the re-key, " + label + " " + Long.toHexString(random.nextLong());
        List<CompletableFuture<Long>> readable = new ArrayList<>();
        for (Device receiver : receivers) {
            CompletableFuture<Long> at = new CompletableFuture<>();
            receiver.awaited().put(text, at);
            readable.add(at);
        }
        CompletableFuture<Long> accepted = new CompletableFuture<>();
        sender.awaited().put(text, accepted);
        long start = System.nanoTime();
        long epoch = get(sender.messenger().encryption().rotateNow(sessionId), "a re-key");
        long rekeyed = System.nanoTime();
        get(sender.messenger().send(sessionId, text), "sending a message");
        try {
            CompletableFuture.allOf(readable.toArray(CompletableFuture[]::new))
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long missing = readable.stream().filter(f -> !f.isDone()).count();
            throw new HarnessFailure(missing + " online devices did not decrypt the message within "
                    + PATIENCE.toSeconds() + " s");
        }
        long sent = get(accepted, "the homeserver accepting the message") - start;
        sender.awaited().remove(text);
        long[] at = new long[receivers.size()];
        for (int i = 0; i < receivers.size(); i++) {
            Device receiver = receivers.get(i);
            receiver.awaited().remove(text);
            at[i] = readable.get(i).join() - start;
            if (receiver.history().roomKeys().get(sessionId, epoch).isEmpty()) {
                throw new HarnessFailure("a device read the message without holding key " + epoch);
            }
        }
        return new Round(rekeyed - start, sent, at);
    }

    /** Waits until {@code device} holds key {@code epoch} of the session. */
    private static void awaitEpoch(Device device, String sessionId, long epoch) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (device.history().roomKeys().get(sessionId, epoch).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new HarnessFailure("device " + device.index() + " of " + device.member().username()
                        + " did not receive key " + epoch + " within " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the sender has had no call in flight but its waiting fetch for a second: what the group's
     * making, joins and earlier re-keys set off (session refreshes, keys for newcomers) is over.
     */
    private static void quiet(Device sender) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(1)) {
            if (sender.online().connection().pendingCalls() > 1) {
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new HarnessFailure("the sender did not settle within " + SETTLE_LIMIT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private static <T> T get(Future<T> future, String what) throws InterruptedException {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HarnessFailure(what + " failed: " + BenchClients.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new HarnessFailure(what + " took longer than " + PATIENCE.toSeconds() + " s", e);
        }
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
            System.err.println("RoomRekeyBench: the harness did not finish within " + RUN_LIMIT.toMinutes()
                    + " minutes");
            Runtime.getRuntime().halt(3);
        }, "rekey-bench-run-limit");
        limit.setDaemon(true);
        limit.start();
    }
}
