package chat.mz.bench;

import chat.mz.bench.RekeyCostPhase.Cost;
import chat.mz.bench.RekeyCostPhase.Parts;
import chat.mz.bench.RekeyReadablePhase.Round;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The re-key bench's results: the table printed, with its targets (a re-key of 1,000 members within
 * 300 ms; the message sent after a re-key readable on every online device within 1,000 ms), and
 * {@code rekey-bench.json}.
 */
final class RekeyReport {
    private static final double REKEY_TARGET_MILLIS = 300;
    private static final double READABLE_TARGET_MILLIS = 1_000;

    private final List<Integer> sizes;
    private final int online;
    private final int rounds;
    private final int costRounds;
    private final int rsaKeys;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A report of a run with these settings. */
    RekeyReport(List<Integer> sizes, int online, int rounds, int costRounds, int rsaKeys) {
        this.sizes = sizes;
        this.online = online;
        this.rounds = rounds;
        this.costRounds = costRounds;
        this.rsaKeys = rsaKeys;
    }

    /**
     * Prints the table and writes {@code rekey-bench.json} into {@code outputDir}: the run started at
     * {@code startedAt} ({@code runStart} on {@link System#nanoTime()}), with the load averages taken at its
     * start and during it.
     */
    void write(Path outputDir, Instant startedAt, long runStart, Map<String, Object> setupJson, List<Cost> costs,
               List<Round> latency, int cores, double loadBefore, double loadDuring) throws IOException {
        int largestMembers = sizes.get(sizes.size() - 1);
        int queuedDevices = largestMembers * RoomRekeyBench.DEVICES_PER_MEMBER - 1 - online;
        ResultTable table = new ResultTable();
        table.info("Members' devices: own signing keys and certificates; RSA-3072 encryption keys",
                "pool of " + rsaKeys + " reused");
        for (Cost cost : costs) {
            String what = String.format(Locale.ROOT, "Re-key %,d members × %d devices (%,d recipient devices)",
                    cost.members(), RoomRekeyBench.DEVICES_PER_MEMBER, cost.recipientDevices());
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
        json.put("settings", Map.of("members", sizes, "devices_per_member", RoomRekeyBench.DEVICES_PER_MEMBER,
                "online_devices", online, "rounds", rounds, "cost_rounds", costRounds, "rsa_keys", rsaKeys));
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
}
