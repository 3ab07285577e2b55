package chat.mz.bench;

import chat.mz.bench.SyncProbe.Crypto;
import chat.mz.bench.SyncProbe.Probe;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The device-sync bench's results: each latency phase summed up as it ends ({@link #finish}), then the table
 * printed, with its targets (each phase's median within 20 ms; no desktop message left undelivered once its
 * receipt was announced), the CPU of a round by thread, and {@code sync-bench.json}.
 */
final class SyncReport {
    static final double TARGET_MILLIS = 20;

    private final int warmup;
    private final int rounds;
    private final int unread;
    private final int probeRounds;
    private final int cryptoRounds;
    private final long settleNanos;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A report of a run with these settings. */
    SyncReport(int warmup, int rounds, int unread, int probeRounds, int cryptoRounds, long settleNanos) {
        this.warmup = warmup;
        this.rounds = rounds;
        this.unread = unread;
        this.probeRounds = probeRounds;
        this.cryptoRounds = cryptoRounds;
        this.settleNanos = settleNanos;
    }

    /** One latency phase: its samples and the CPU its measured rounds took. */
    record Phase(String name, long[] nanos, SyncCpu.Tally cpu, double seconds) {
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

    /** The phase that began at {@code phaseStart}, its line printed as it ends so a long run shows progress. */
    static Phase finish(String name, long[] samples, SyncCpu.Tally tally, long phaseStart) {
        Phase phase = new Phase(name, samples, tally, (System.nanoTime() - phaseStart) / 1e9);
        LatencyStats s = phase.stats();
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; CPU %.2f ms a round;"
                        + " %.1f s%n", name, LatencyStats.millis(s.p50Nanos()), LatencyStats.millis(s.p90Nanos()),
                LatencyStats.millis(s.p99Nanos()), LatencyStats.millis(s.maxNanos()), tally.perRoundMillis(),
                phase.seconds());
        return phase;
    }

    /**
     * Prints the table and writes {@code sync-bench.json} into {@code outputDir}: the run started at
     * {@code startedAt} ({@code runStart} on {@link System#nanoTime()}) with load {@code loadStart}; {@code lost}
     * are the desktop's messages, of {@code messagesSent}, that stayed undelivered after their receipt came.
     */
    void write(Path outputDir, Instant startedAt, long runStart, double setupSeconds, List<Phase> phases,
               List<Probe> probes, Crypto crypto, List<String> lost, int messagesSent, int cores, double loadStart)
            throws IOException {
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
                            "phone messenger")) + "; " + Units.ms(phase.cpu().perRoundMillis(SyncCpu.JVM)) + ")");
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
        printCpuByThread(phases);

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

    /** Each phase's CPU a round by thread group, leaving out groups under 0.05 ms that would only add noise. */
    private static void printCpuByThread(List<Phase> phases) {
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
    }
}
