package chat.mz.bench;

import chat.mz.bench.MemoryBenchApp.Step;
import chat.mz.client.config.AppPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The desktop app's memory with a heavy user's history open: a million messages over a thousand
 * conversations. Makes a real account (keystore under a passphrase, registered on the embedded
 * homeserver), fills its history, then starts the real app in its own JVM, with the JVM options
 * {@code ./mvnw javafx:run} gives it (read from the pom, so what is measured is what users run), on
 * a headless Monocle screen; {@link MemoryBenchApp} unlocks it and walks through the Chats section.
 * After each step the app's resident set is read from {@code /proc} a few times once it has
 * settled, and the median is kept.
 *
 * <p>System properties: {@code memory.bench.messages} and {@code memory.bench.sessions} size the
 * history; {@code memory.bench.candidates} measures other option sets after the shipped one, on the
 * same history ({@code "-XX:+UseSerialGC -Xmx256m|none"}: separated by {@code |}, {@code none} for
 * the JVM's defaults); {@code memory.bench.diagnose=true} adds native memory tracking to the app
 * (which costs memory itself) and writes its summary and a heap histogram next to the results.
 */
public final class MemoryBench {
    private static final int MESSAGES = Integer.getInteger("memory.bench.messages", 1_000_000);
    private static final int SESSIONS = Integer.getInteger("memory.bench.sessions", 1_000);
    /** MB as the other benchmarks print them (MiB). */
    private static final long TARGET_BYTES = 300L * 1024 * 1024;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final int SAMPLES = 5;
    private static final Duration SAMPLE_GAP = Duration.ofSeconds(2);
    /** Unlocking runs Argon2 and opens a history of several GB; on a busy machine that can take a while. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);
    private static final int HISTOGRAM_LINES = 25;
    /** The headless screen the UI tests use; the software pipeline is the only one it has. */
    private static final List<String> HEADLESS = List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
            "-Dprism.order=sw", "-Dprism.text=t2k", "-Djava.awt.headless=true");

    private MemoryBench() {
    }

    /** One step's figures: the resident set's samples and medians, and the heap as the app saw it. */
    record StepFigures(Step step, String detail, List<Long> rssSamples, long rssMedian, long rssAnonMedian,
                       long rssFileMedian, long hwm, long heapUsed, long heapCommitted) {
    }

    /** One start of the app with one set of JVM options. */
    record AppRun(List<String> options, String jvm, List<StepFigures> steps, long rssAfterFullGc,
                  long liveHeapAfterFullGc, long hwm) {

        /** The highest step median from unlocking on: the app with the history open. */
        long historyOpen() {
            return steps.stream().filter(s -> s.step() != Step.UNLOCK_SCREEN).mapToLong(StepFigures::rssMedian)
                    .max().orElseThrow();
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jvm_options", options);
            json.put("jvm", jvm);
            List<Map<String, Object>> stepJson = new ArrayList<>();
            for (StepFigures s : steps) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("step", s.step().name().toLowerCase(Locale.ROOT));
                step.put("label", s.step().label);
                step.put("detail", s.detail());
                step.put("took_millis", Long.parseLong(fields(s.detail()).getOrDefault("took_ms", "-1")));
                step.put("rss_median_bytes", s.rssMedian());
                step.put("rss_samples_bytes", s.rssSamples());
                step.put("rss_anon_median_bytes", s.rssAnonMedian());
                step.put("rss_file_median_bytes", s.rssFileMedian());
                step.put("vm_hwm_bytes", s.hwm());
                step.put("heap_used_bytes", s.heapUsed());
                step.put("heap_committed_bytes", s.heapCommitted());
                stepJson.add(step);
            }
            json.put("steps", stepJson);
            json.put("rss_history_open_bytes", historyOpen());
            json.put("rss_after_full_gc_bytes", rssAfterFullGc);
            json.put("live_heap_after_full_gc_bytes", liveHeapAfterFullGc);
            json.put("vm_hwm_bytes", hwm);
            return json;
        }
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        Path pom = Path.of(args.length > 1 ? args[1] : "pom.xml");
        Files.createDirectories(outputDir);
        List<String> shipped = shippedOptions(pom);
        List<List<String>> candidates = candidates(System.getProperty("memory.bench.candidates"));
        boolean diagnose = Boolean.getBoolean("memory.bench.diagnose");
        Instant startedAt = Instant.now();
        Path work = Files.createTempDirectory(outputDir, "memory");
        AtomicReference<AppProcess> running = new AtomicReference<>();
        // Ctrl+C or a killed build: the app must not outlive the bench, nor its files the run
        Thread cleanup = new Thread(() -> {
            AppProcess app = running.getAndSet(null);
            if (app != null) {
                app.close();
            }
            deleteQuietly(work);
        }, "memory-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        char[] passphrase = passphrase();
        try {
            AppPaths paths = AppPaths.under(work.resolve("home"));
            Corpus corpus = new Corpus(42, MESSAGES, SESSIONS, MemoryBenchAccount.BATCH);
            System.out.printf(Locale.ROOT, "Creating the account and storing %,d messages in %,d conversations…%n",
                    MESSAGES, SESSIONS);
            MemoryBenchAccount.Filled filled = new MemoryBenchAccount(paths, corpus).create(passphrase);
            System.out.printf(Locale.ROOT, "History: %s after %.0f s; the search will look for \"%s\" (%,d messages)%n",
                    Units.mib(filled.historyBytes()), filled.fillSeconds(), filled.query(), filled.queryMessages());

            AppRun measured = measure(shipped, true, diagnose, paths, filled, passphrase, work, outputDir, running);
            List<AppRun> compared = new ArrayList<>();
            for (List<String> candidate : candidates) {
                compared.add(measure(candidate, false, false, paths, filled, passphrase, work, outputDir, running));
            }
            report(startedAt, outputDir, shipped, filled, measured, compared);
        } finally {
            Arrays.fill(passphrase, '\0');
            AppProcess app = running.getAndSet(null);
            if (app != null) {
                app.close();
            }
            deleteQuietly(work);
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        System.exit(0);
    }

    /**
     * Starts the app with {@code options}, walks it through every step, and closes it as a user would.
     *
     * @param shipped  the options users get: a heap histogram is kept when they miss the target
     * @param diagnose with native memory tracking, and its summary kept
     */
    private static AppRun measure(List<String> options, boolean shipped, boolean diagnose, AppPaths paths,
                                  MemoryBenchAccount.Filled filled, char[] passphrase, Path work, Path outputDir,
                                  AtomicReference<AppProcess> running) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        if (diagnose) {
            command.add("-XX:NativeMemoryTracking=summary");
        }
        command.addAll(HEADLESS);
        // where the UI tests unpack JavaFX's native libraries, so that runs share one copy
        command.add("-Djavafx.cachedir=" + outputDir.getParent().resolve("openjfx-cache"));
        // the app's own logging (to its log folder), not the test one that the class path also holds
        command.add("-Dlogback.configurationFile=logback.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemoryBenchApp.class.getName());
        command.add(paths.config().getParent().toString());
        command.add(Integer.toString(SESSIONS));
        command.add(filled.query());

        System.out.println();
        System.out.println("Starting the desktop app, JVM options: " + describe(options));
        Path log = Files.createTempFile(work, "app", ".log");
        try (AppProcess app = AppProcess.start(command, work, log)) {
            running.set(app);
            app.send(passphrase);
            String jvm = app.expect("jvm", STEP_TIMEOUT);
            System.out.println("  " + jvm);
            List<StepFigures> steps = new ArrayList<>();
            for (Step step : Step.values()) {
                String said = app.expect("ready", STEP_TIMEOUT);
                if (!said.equals(step.name()) && !said.startsWith(step.name() + " ")) {
                    throw new IllegalStateException("expected step " + step + ", the app is at " + said);
                }
                String detail = said.substring(step.name().length()).strip();
                Thread.sleep(SETTLE.toMillis());
                List<ProcStatus> samples = new ArrayList<>();
                for (int i = 0; i < SAMPLES; i++) {
                    if (i > 0) {
                        Thread.sleep(SAMPLE_GAP.toMillis());
                    }
                    samples.add(ProcStatus.of(app.pid()));
                }
                app.send("heap");
                Map<String, Long> heap = numbers(app.expect("heap", STEP_TIMEOUT));
                StepFigures figures = new StepFigures(step, detail,
                        samples.stream().map(ProcStatus::rssBytes).toList(),
                        median(samples.stream().mapToLong(ProcStatus::rssBytes).toArray()),
                        median(samples.stream().mapToLong(ProcStatus::rssAnonBytes).toArray()),
                        median(samples.stream().mapToLong(ProcStatus::rssFileBytes).toArray()),
                        samples.get(samples.size() - 1).hwmBytes(), heap.get("used"), heap.get("committed"));
                steps.add(figures);
                System.out.printf(Locale.ROOT, "  %-34s RSS %s (anon %s), heap %s of %s%s%n", step.label,
                        Units.mib(figures.rssMedian()), Units.mib(figures.rssAnonMedian()),
                        Units.mib(figures.heapUsed()), Units.mib(figures.heapCommitted()),
                        detail.isEmpty() ? "" : " [" + detail + "]");
                if (step.ordinal() < Step.values().length - 1) {
                    app.send("next");
                }
            }
            // last, because a full collection shrinks the heap and would flatter every later sample
            app.send("gc");
            long liveHeap = numbers(app.expect("heap", STEP_TIMEOUT)).get("used");
            Thread.sleep(SAMPLE_GAP.toMillis());
            ProcStatus afterGc = ProcStatus.of(app.pid());
            System.out.printf(Locale.ROOT, "  After a full GC: RSS %s, live heap %s%n", Units.mib(afterGc.rssBytes()),
                    Units.mib(liveHeap));
            if (diagnose || shipped && steps.stream().anyMatch(s -> s.rssMedian() > TARGET_BYTES)) {
                String diagnostics = diagnostics(app.pid(), diagnose);
                Path file = outputDir.resolve("memory-diagnostics.txt");
                Files.writeString(file, "JVM options: " + describe(options) + System.lineSeparator() + diagnostics,
                        StandardCharsets.UTF_8);
                System.out.println("  Heap histogram" + (diagnose ? " and native memory summary" : "")
                        + " written to " + file);
            }
            app.send("next");
            app.send("quit");
            if (app.awaitExit(EXIT_TIMEOUT)) {
                System.out.println("  The app closed its window and exited with status " + app.exitValue());
            } else {
                System.out.println("  The app did not exit within " + EXIT_TIMEOUT.toSeconds() + " s; ended by force");
            }
            running.set(null);
            // the kernel updates VmHWM lazily: a sample may be a little above it
            long peak = Math.max(afterGc.hwmBytes(), steps.stream().flatMap(s -> s.rssSamples().stream())
                    .mapToLong(Long::longValue).max().orElse(0));
            return new AppRun(options, jvm, steps, afterGc.rssBytes(), liveHeap, peak);
        } catch (Exception e) {
            // the log goes with the work folder: what the app said must be shown before then
            List<String> said = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            System.err.println("The app's console log, last lines:");
            said.subList(Math.max(0, said.size() - 40), said.size()).forEach(System.err::println);
            throw e;
        }
    }

    private static void report(Instant startedAt, Path outputDir, List<String> shipped,
                               MemoryBenchAccount.Filled filled, AppRun measured, List<AppRun> compared)
            throws IOException {
        ResultTable table = new ResultTable();
        table.info("JVM options (javafx:run <options>)", describe(shipped));
        table.info("App JVM: collector, max heap, Java, JavaFX", jvmSummary(measured.jvm()));
        table.info(String.format(Locale.ROOT, "History: %,d messages, %,d conversations, file", MESSAGES, SESSIONS),
                Units.mib(filled.historyBytes()));
        for (StepFigures step : measured.steps()) {
            table.info("RSS, median of " + SAMPLES + ": " + step.step().label, Units.mib(step.rssMedian())
                    + " (heap " + Units.mib(step.heapUsed()) + " of " + Units.mib(step.heapCommitted()) + ")");
        }
        long open = measured.historyOpen();
        table.check("Resident memory with the history open, median", Units.mib(open),
                "≤ " + Units.mib(TARGET_BYTES), open <= TARGET_BYTES);
        StepFigures last = measured.steps().get(measured.steps().size() - 1);
        table.info("  of which anonymous / file-backed (last step)", Units.mib(last.rssAnonMedian()) + " / "
                + Units.mib(last.rssFileMedian()));
        table.info("Peak resident (VmHWM)", Units.mib(measured.hwm()));
        table.info("After a full GC: RSS / live heap", Units.mib(measured.rssAfterFullGc()) + " / "
                + Units.mib(measured.liveHeapAfterFullGc()));
        for (AppRun run : compared) {
            table.info("Compared: " + describe(run.options()), Units.mib(run.historyOpen()) + " (peak "
                    + Units.mib(run.hwm()) + ")");
        }
        String note = "Headless Monocle renders in software (prism.order=sw): a GPU driver's share of a desktop's "
                + "memory is not in these figures. Samples are taken once each step has settled ("
                + SETTLE.toSeconds() + " s, then " + SAMPLES + " samples " + SAMPLE_GAP.toSeconds()
                + " s apart) on a shared machine; MB are MiB.";
        System.out.println();
        System.out.print(table.render());
        System.out.println();
        System.out.println(note);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages", MESSAGES);
        figures.put("sessions", SESSIONS);
        figures.put("history_file_bytes", filled.historyBytes());
        figures.put("history_fill_seconds", Units.round(filled.fillSeconds(), 1));
        figures.put("search_query_messages", filled.queryMessages());
        figures.put("target_bytes", TARGET_BYTES);
        figures.put("app", measured.toJson());
        figures.put("compared", compared.stream().map(AppRun::toJson).toList());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "memory");
        json.put("timestamp", startedAt.toString());
        json.put("all_targets_met", table.allMet());
        json.put("environment", MailboxBench.environment());
        json.put("figures", figures);
        json.put("note", note);
        json.put("table", table.toJson());
        Path out = outputDir.resolve("memory.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("Results written to " + out);
    }

    /**
     * The JVM options {@code ./mvnw javafx:run} starts the app with: the javafx-maven-plugin's
     * {@code <options>} in the pom. Empty when there are none (the JVM's defaults).
     */
    static List<String> shippedOptions(Path pom) throws Exception {
        NodeList plugins = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (!"javafx-maven-plugin".equals(childText(plugin, "artifactId"))) {
                continue;
            }
            Element configuration = child(plugin, "configuration");
            Element options = configuration == null ? null : child(configuration, "options");
            List<String> found = new ArrayList<>();
            if (options != null) {
                NodeList option = options.getElementsByTagName("option");
                for (int j = 0; j < option.getLength(); j++) {
                    found.add(option.item(j).getTextContent().strip());
                }
            }
            return found;
        }
        throw new IllegalStateException(pom + " has no javafx-maven-plugin");
    }

    /** {@code "A B|none"}: option sets separated by {@code |}; unset (or Maven's unfilled literal) is none. */
    private static List<List<String>> candidates(String property) {
        List<List<String>> sets = new ArrayList<>();
        if (property == null || property.isBlank() || property.startsWith("${")) {
            return sets;
        }
        for (String set : property.split("\\|")) {
            String trimmed = set.strip();
            sets.add(trimmed.isEmpty() || trimmed.equals("none") ? List.of() : List.of(trimmed.split("\\s+")));
        }
        return sets;
    }

    /** A histogram of the heap's classes (a full GC), and with tracking on, where native memory goes. */
    private static String diagnostics(long pid, boolean nativeMemory) throws Exception {
        StringBuilder out = new StringBuilder();
        List<String> histogram = jcmd(pid, "GC.class_histogram");
        out.append("GC.class_histogram (top ").append(HISTOGRAM_LINES).append(")").append(System.lineSeparator());
        histogram.stream().limit(HISTOGRAM_LINES + 3L).forEach(line -> out.append(line).append(System.lineSeparator()));
        histogram.stream().filter(line -> line.startsWith("Total")).forEach(line -> out.append(line)
                .append(System.lineSeparator()));
        if (nativeMemory) {
            out.append(System.lineSeparator()).append("VM.native_memory summary").append(System.lineSeparator());
            jcmd(pid, "VM.native_memory", "summary").forEach(line -> out.append(line).append(System.lineSeparator()));
        }
        return out.toString();
    }

    private static List<String> jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return lines;
    }

    /** {@code "used=1 committed=2"} as numbers by name. */
    private static Map<String, Long> numbers(String said) {
        Map<String, Long> numbers = new LinkedHashMap<>();
        fields(said).forEach((name, value) -> numbers.put(name, Long.parseLong(value)));
        return numbers;
    }

    private static Map<String, String> fields(String said) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : said.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    /** "G1, 6028.0 MB, 17.0.15, 21.0.12" from what the app said about its JVM. */
    private static String jvmSummary(String jvm) {
        Map<String, String> fields = fields(jvm);
        String first = fields.getOrDefault("gc", "?").split(",")[0];
        String gc = switch (first) {
            case "G1_Young_Generation" -> "G1";
            case "Copy" -> "Serial";
            case "PS_Scavenge" -> "Parallel";
            default -> first.replace('_', ' ');
        };
        String java = fields.getOrDefault("java", "?").split("[+-]")[0];
        String javafx = fields.getOrDefault("javafx", "?").split("[+-]")[0];
        return gc + ", " + Units.mib(Long.parseLong(fields.getOrDefault("max_heap", "0"))) + ", " + java + ", "
                + javafx;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static String describe(List<String> options) {
        return options.isEmpty() ? "none (the JVM's defaults)" : String.join(" ", options);
    }

    /** Never shown or written anywhere: the bench types it into the app's unlock screen through stdin. */
    private static char[] passphrase() {
        SecureRandom random = new SecureRandom();
        String letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] passphrase = new char[24];
        for (int i = 0; i < passphrase.length; i++) {
            passphrase[i] = letters.charAt(random.nextInt(letters.length()));
        }
        return passphrase;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }
}
