package chat.mz.bench;

import chat.mz.client.sync.HistoryTransfers;
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
import java.util.function.ToLongFunction;

/**
 * The history-transfer bench's results: the table printed, with its target (the new device takes
 * 10,000 messages a second or more, from {@code acceptHistory} to its DONE), medians over the rounds
 * and the middle round's CPU by thread, and {@code history-transfer-bench.json}.
 */
final class TransferReport {
    private static final double TARGET_PER_SECOND = 10_000;

    private final int messages;
    private final int conversations;
    private final int encrypted;
    private final int rounds;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A report of a run with these settings. */
    TransferReport(int messages, int conversations, int encrypted, int rounds) {
        this.messages = messages;
        this.conversations = conversations;
        this.encrypted = encrypted;
        this.rounds = rounds;
    }

    /** Prints the table and writes {@code history-transfer-bench.json} into {@code outputDir}. */
    void write(Path outputDir, Instant startedAt, long runStart, Map<String, Object> setupJson,
               List<TransferRound> done, int cores, double loadAtStart) throws IOException {
        long receiverDone = median(done, TransferRound::receiverDoneNanos);
        double rate = done.get(0).offered() / (receiverDone / 1e9);
        long senderDone = median(done, TransferRound::senderDoneNanos);
        long bytes = median(done, TransferRound::bytes);
        TransferRound any = done.get(0);
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
                Units.ms(LatencyStats.millis(median(done, TransferRound::firstBatchNanos))));
        table.info("Sealed bytes sent (median) / per message", String.format(Locale.ROOT, "%s / %.0f B",
                Units.mib(bytes), (double) bytes / any.offered()));
        table.info("Batches (sealed send_sync_event calls)", String.valueOf(median(done, r -> r.batches())));
        table.info("New device's history file before / after (closed), median",
                Units.mib(median(done, TransferRound::fileBefore)) + " / "
                        + Units.mib(median(done, TransferRound::fileAfter)));
        table.info("CPU: desktop messenger thread / new device's messenger thread, median",
                seconds(median(done, TransferRound::senderCpuNanos)) + " / "
                        + seconds(median(done, TransferRound::receiverCpuNanos)));
        table.info("CPU: whole process (both clients + homeserver) / GC time, median", String.format(Locale.ROOT,
                "%s / %d ms (%d cores)", seconds(median(done, TransferRound::processCpuNanos)),
                median(done, TransferRound::gcMillis), cores));
        // by thread for one round only: the round whose time is the median, so the split matches the rate quoted
        TransferRound middle = done.stream().filter(r -> r.receiverDoneNanos() == receiverDone).findFirst()
                .orElse(any);
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
        medians.put("accept_to_first_batch_stored_millis",
                Units.roundMillis(median(done, TransferRound::firstBatchNanos), 1));
        medians.put("sealed_bytes", bytes);
        medians.put("sealed_bytes_per_message", Units.round((double) bytes / any.offered(), 1));
        medians.put("batches", median(done, r -> r.batches()));
        medians.put("target_messages_per_second", TARGET_PER_SECOND);
        json.put("medians", medians);
        json.put("rounds", done.stream().map(TransferRound::toJson).toList());
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
    private static long median(List<TransferRound> done, ToLongFunction<TransferRound> figure) {
        return LatencyStats.of(done.stream().mapToLong(figure).toArray()).p50Nanos();
    }
}
