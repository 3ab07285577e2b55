package chat.mz.bench;

import chat.mz.bench.TransferPopulation.Filled;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>The desktop's history is filled by {@link TransferPopulation}, each round is run, timed and
 * checked by {@link TransferPhase} with the CPU from {@link TransferCpu}, and {@link TransferReport}
 * prints and writes the results; this class holds the settings and the order of the run.
 *
 * <p>Prints a table and writes {@code history-transfer-bench.json} into the folder given as the only
 * argument. Exit status: 0 done, 1 harness failure (including an incomplete transfer), 2 bad
 * arguments, 3 out of time. Sizes: system properties {@code history.transfer.bench.messages}
 * (100,000), {@code .conversations} (20), {@code .encrypted} (encrypted conversations among them, 4),
 * {@code .rounds} (3).
 */
public final class HistoryTransferBench {
    private static final String PREFIX = "history.transfer.bench.";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);

    private final int messages = size("messages", 100_000, 1);
    private final int conversations = size("conversations", 20, 1);
    private final int encrypted = Math.min(size("encrypted", 4, 0), conversations);
    private final int rounds = size("rounds", 3, 1);
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private HistoryTransferBench() {
    }

    public static void main(String[] args) {
        BenchMain.run("HistoryTransferBench", args, RUN_LIMIT, outputDir -> new HistoryTransferBench().run(outputDir));
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
        List<TransferRound> done = new ArrayList<>();
        Map<String, Object> setupJson = new LinkedHashMap<>();
        MessagingWorld world = new MessagingWorld(data);
        try {
            long phase = System.nanoTime();
            User desk = world.register("ada");
            User bob = world.register("bob");
            User cyd = world.register("cyd");
            setupJson.put("register_seconds", Units.round((System.nanoTime() - phase) / 1e9, 1));
            phase = System.nanoTime();
            Filled filled = new TransferPopulation(messages, conversations, encrypted)
                    .fill(desk, List.of(desk, bob, cyd));
            double fillSeconds = (System.nanoTime() - phase) / 1e9;
            setupJson.put("fill_seconds", Units.round(fillSeconds, 1));
            setupJson.put("text_chars_mean", Units.round((double) filled.textChars() / messages, 1));
            setupJson.put("non_ascii_messages", filled.nonAscii());
            setupJson.put("room_keys", filled.keys());
            System.out.printf(Locale.ROOT, "  desktop history filled in %.1f s: mean text %.0f characters, %,d "
                            + "messages with non-ASCII text, %d room keys%n", fillSeconds,
                    (double) filled.textChars() / messages, filled.nonAscii(), filled.keys());

            // one desktop offers its history to a new device each round, so its reports are listened to once
            TransferPhase transfers = new TransferPhase(world, desk, messages);
            for (int r = 1; r <= rounds; r++) {
                TransferRound round = transfers.measure(r);
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
        new TransferReport(messages, conversations, encrypted, rounds).write(outputDir, startedAt, runStart,
                setupJson, done, cores, loadAtStart);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
