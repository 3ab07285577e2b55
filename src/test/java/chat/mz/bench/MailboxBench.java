package chat.mz.bench;

import chat.mz.app.Version;
import chat.mz.server.Homeserver;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SyncMailbox benchmark: a real {@link Homeserver} on loopback in this JVM and real client connections for both
 * sides of every link session. It runs {@link LatencyPhase} (how soon a waiting peer hears of a post) and then
 * {@link CapacityPhase} (how many waits one server holds at once, and their heap), and also counts answers the
 * server held back for more than {@link HeldBack#THRESHOLD}.
 *
 * <p>Prints a table and writes {@code mailbox.json} into the folder given as the only argument. Exits with 0
 * when the run completed, whether or not the targets were met (a missed target shows as "missed"), 1 when the
 * harness itself failed, 2 on bad arguments and 3 when the run did not finish within {@link #RUN_LIMIT}.
 *
 * <p>Sizes can be changed with system properties, see {@link BenchSettings#fromSystemProperties}.
 */
public final class MailboxBench {
    /**
     * Every single wait is bounded, but if answers were held back again (up to the 30 s ping each) the 1,200
     * latency sessions could run for hours; a normal run takes 10-15 s.
     */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(170);

    private MailboxBench() {
    }

    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        String problem = args.length != 1 ? "usage: MailboxBench <output folder>" : settings.problem();
        if (problem != null) {
            System.err.println("MailboxBench: " + problem);
            System.exit(2);
        }
        startRunLimit();
        int status;
        try {
            run(settings, Path.of(args[0]));
            status = 0;
        } catch (HarnessFailure e) {
            System.err.println("MailboxBench: the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Exception e) {
            System.err.println("MailboxBench: the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(BenchSettings settings, Path outputDir) throws InterruptedException, IOException {
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        System.out.printf(Locale.ROOT, "MailboxBench: %d cores, max heap %s, %s %s%n",
                Runtime.getRuntime().availableProcessors(), Units.mib(Runtime.getRuntime().maxMemory()),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        Payloads payloads = new Payloads(settings.payloadBytes());

        LatencyResult latency = new LatencyPhase(settings, payloads).run();
        System.out.printf(Locale.ROOT, "  wake latency: %d sessions measured (%d warm-up), p50 %.3f ms, p99 %.3f ms"
                        + " (%.1f s)%n", latency.stats().count(), latency.warmup(), latency.p50Millis(),
                latency.p99Millis(), latency.phaseNanos() / 1e9);

        CapacityResult capacity = new CapacityPhase(settings, payloads).run();
        System.out.printf(Locale.ROOT, "  capacity: %d of %d waits held, %d exact payloads, heap %s (%.1f s)%n",
                capacity.held(), capacity.waits(), capacity.answers().exact(),
                Units.mib(capacity.heap().withWaits()), capacity.phaseNanos() / 1e9);

        ResultTable table = new ResultTable();
        latency.addRows(table);
        addHeldBackRow(table, latency.heldBack(), capacity.heldBack());
        capacity.addRows(table);
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "SyncMailbox");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", Units.round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("all_targets_met", table.allMet());
        json.put("environment", environment());
        json.put("wake_latency", latency.toJson());
        json.put("capacity", capacity.toJson());
        json.put("held_back_answers", heldBackJson(latency.heldBack(), capacity.heldBack()));
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("mailbox.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    private static void addHeldBackRow(ResultTable table, HeldBack latency, HeldBack capacity) {
        int total = latency.count() + capacity.count();
        table.check("Answers held back by the server (> " + HeldBack.THRESHOLD.toMillis() + " ms)",
                String.format(Locale.ROOT, "%d (latency %d, capacity %d)", total, latency.count(), capacity.count()),
                "0", total == 0);
    }

    private static Map<String, Object> heldBackJson(HeldBack latency, HeldBack capacity) {
        int total = latency.count() + capacity.count();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("description", "answers (barrier answers, wake-ups, post answers) that came more than "
                + HeldBack.THRESHOLD.toMillis() + " ms after their request; a wake-up is timed from its post. The "
                + "homeserver's WriteStallGuard flushes answers Java-WebSocket's server would strand, so any "
                + "count here is a regression");
        json.put("threshold_ms", HeldBack.THRESHOLD.toMillis());
        json.put("count", total);
        json.put("latency", latency.toJson());
        json.put("capacity", capacity.toJson());
        json.put("target", 0);
        json.put("met", total == 0);
        return json;
    }

    static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_runtime_version", System.getProperty("java.runtime.version"));
        env.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("java_vendor", System.getProperty("java.vendor"));
        env.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("garbage_collectors", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        env.put("os_name", System.getProperty("os.name"));
        env.put("os_version", System.getProperty("os.version"));
        env.put("os_arch", System.getProperty("os.arch"));
        env.put("available_processors", Runtime.getRuntime().availableProcessors());
        env.put("mzchat_version", Version.current());
        return env;
    }

    /** Ends the JVM with status 3 once {@link #RUN_LIMIT} has passed. */
    private static void startRunLimit() {
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(RUN_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("MailboxBench: the harness did not finish within " + RUN_LIMIT.toSeconds() + " s");
            Runtime.getRuntime().halt(3);
        }, "mailbox-bench-run-limit");
        limit.setDaemon(true);
        limit.start();
    }
}
