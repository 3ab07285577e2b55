package chat.mz.bench;

import chat.mz.bench.RekeyCostPhase.Cost;
import chat.mz.bench.RekeyReadablePhase.Round;
import chat.mz.client.messaging.Messenger;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * What replacing a group's room key costs, end to end: a real {@link Homeserver} on loopback with its
 * H2 file in a temporary folder, real accounts of two devices each registered over the protocol, and a
 * real {@link Messenger} as the member who re-keys, with its own history.
 *
 * <p>Two phases, after the members are registered and the groups filled ({@link RekeyPopulation}):
 * <em>re-key cost</em> for groups of 10, 100 and 1,000 members ({@link RekeyCostPhase}: the wall time of
 * {@code rotateNow}, the sealing and process CPU it takes, the size of its {@code send_room_key} frame and
 * its steps one by one), and <em>time to the first message readable by all after a re-key</em> in the
 * largest group ({@link RekeyReadablePhase}: from {@code rotateNow} until a sample of online member
 * devices has decrypted a message sent under the new key, the other devices offline).
 *
 * <p>Prints a table and writes {@code rekey-bench.json} into the folder given as the only argument
 * ({@link RekeyReport}). Exit status: 0 done, 1 harness failure, 2 bad arguments, 3 out of time. Sizes:
 * system properties {@code rekey.bench.members} (group sizes, sender included; {@code 10,100,1000}),
 * {@code .online} (receiving devices online in the largest group, 16), {@code .rounds} (latency rounds, 7),
 * {@code .costRounds} (re-keys measured per size, 9), {@code .rsaKeys} (RSA keys in the pool, 4),
 * {@code .setupThreads} (parallel registrations, 6).
 */
public final class RoomRekeyBench {
    static final int DEVICES_PER_MEMBER = 2;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(40);

    private final List<Integer> sizes = sizes(System.getProperty("rekey.bench.members", ""));
    private final int online = Integer.getInteger("rekey.bench.online", 16);
    private final int rounds = Integer.getInteger("rekey.bench.rounds", 7);
    private final int costRounds = Integer.getInteger("rekey.bench.costRounds", 9);
    private final int rsaKeys = Integer.getInteger("rekey.bench.rsaKeys", 4);
    private final int setupThreads = Integer.getInteger("rekey.bench.setupThreads", 6);
    private final SecureRandom random = new SecureRandom();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private RoomRekeyBench() {
    }

    public static void main(String[] args) {
        BenchMain.run("RoomRekeyBench", args, RUN_LIMIT, outputDir -> new RoomRekeyBench().run(outputDir));
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
        List<Round> latency;
        Map<String, Object> setupJson = new LinkedHashMap<>();
        double loadDuring;
        try {
            URI uri = server.uri();
            RekeyPopulation population = new RekeyPopulation(uri, setup, random);
            long phase = System.nanoTime();
            RsaKeyPair[] pool = population.rsaPool(rsaKeys);
            List<RekeyMember> members = population.register(largest, pool);
            double registerSeconds = (System.nanoTime() - phase) / 1e9;
            setupJson.put("accounts", largest);
            setupJson.put("rsa_keys_in_pool", pool.length);
            setupJson.put("register_seconds", Units.round(registerSeconds, 1));
            System.out.printf(Locale.ROOT, "  %d accounts of %d devices registered in %.1f s%n", largest,
                    DEVICES_PER_MEMBER, registerSeconds);

            RekeyMember senderAccount = members.get(0);
            RekeyDevice sender = RekeyDevice.start(uri, senderAccount, 0, data, random, toClose);
            RekeyMember.Online otherDevice = RekeyMember.Online.open(uri).login(senderAccount, 1);
            toClose.add(otherDevice);
            Map<Integer, String> sessions = new LinkedHashMap<>();
            for (int size : sizes) {
                phase = System.nanoTime();
                String sessionId = population.group(sender, members.subList(1, size), size);
                sessions.put(size, sessionId);
                double seconds = (System.nanoTime() - phase) / 1e9;
                setupJson.put("group_" + size + "_seconds", Units.round(seconds, 1));
                System.out.printf(Locale.ROOT, "  group of %d made in %.1f s%n", size, seconds);
            }
            RekeyCostPhase costPhase = new RekeyCostPhase(costRounds, random);
            for (int size : sizes) {
                Cost cost = costPhase.cost(sender, otherDevice, sessions.get(size), members.subList(0, size));
                costs.add(cost);
                LatencyStats wall = LatencyStats.of(cost.wallNanos());
                System.out.printf(Locale.ROOT, "  re-key %d members: first %.1f ms, then median %.1f ms (p90 %.1f), "
                                + "sealing CPU %.1f ms, frame %s%n", size, cost.firstRekeyMillis(),
                        LatencyStats.millis(wall.p50Nanos()), LatencyStats.millis(wall.p90Nanos()),
                        LatencyStats.millis(LatencyStats.of(cost.sealingCpuNanos()).p50Nanos()),
                        Units.kib(cost.frameBytes()));
            }

            latency = new RekeyReadablePhase(uri, data, random, toClose, online, rounds)
                    .measure(sender, members, sessions.get(largest));
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

        new RekeyReport(sizes, online, rounds, costRounds, rsaKeys).write(outputDir, startedAt, runStart, setupJson,
                costs, latency, cores, loadBefore, loadDuring);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
