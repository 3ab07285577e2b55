package chat.mz.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The installed app as a user meets it, from the app-image and .deb that {@code ./mvnw -Ppackage
 * package} built: how long its own launcher takes to put the window up on a real X server (Xvfb
 * unless there is a DISPLAY), with a new home (the first-run screen) and with an account on it (the
 * unlock screen); how much memory it then holds; how big the image and the installer are. The app
 * measured is the .deb's, unpacked and given its class data archive as its postinst would
 * ({@link InstalledDeb}), or the app-image as built when there is no .deb or
 * {@code package.bench.image=true}. Each start is a new process on files the system has cached: a
 * second start, not the first after boot.
 *
 * <p>System properties: {@code package.bench.dir} the jpackage output folder (required),
 * {@code package.bench.image=true} to measure the app-image instead of the installed .deb,
 * {@code package.bench.runs} starts per screen (default 7), {@code package.bench.settleMillis} the wait
 * before memory is read (default 5000), {@code package.bench.javaOptions} JVM options to try on top of the
 * installed ones (through {@code JAVA_TOOL_OPTIONS}, e.g. {@code -Dprism.order=sw}).
 */
public final class PackageBench {
    private static final int RUNS = Integer.getInteger("package.bench.runs", 7);
    private static final Duration SETTLE = Duration.ofMillis(Long.getLong("package.bench.settleMillis", 5_000));
    private static final String EXTRA_OPTIONS = System.getProperty("package.bench.javaOptions", "");
    private static final Duration WINDOW_LIMIT = Duration.ofSeconds(60);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);
    private static final long MIB = 1024 * 1024;
    private static final double TARGET_START_MS = 1_500;
    private static final long TARGET_SIZE_BYTES = 80 * MIB;
    private static final long TARGET_RSS_BYTES = 200 * MIB;

    /** One start: time to the window (as the bench saw it and as the JVM counted it) and memory after it. */
    record Start(long wallMillis, long jvmUptimeMillis, long cpuMillis, long rssBytes, long rssAnonBytes,
                 long rssFileBytes) {
    }

    private PackageBench() {
    }

    public static void main(String[] args) {
        BenchMain.run("PackageBench", args, RUN_LIMIT, outputDir -> new PackageBench().run(outputDir));
    }

    private void run(Path outputDir) throws Exception {
        String dir = System.getProperty("package.bench.dir", "");
        Path jpackage = Path.of(dir.isBlank() ? "target/jpackage" : dir).toAbsolutePath();
        Path imageLauncher = jpackage.resolve("mzchat").resolve("bin").resolve("mzchat");
        if (!Files.isExecutable(imageLauncher)) {
            throw new IllegalArgumentException("there is no packaged app at " + imageLauncher
                    + ": build it first with ./mvnw -B -ntp -Ppackage package");
        }
        if (RUNS < 1) {
            throw new IllegalArgumentException("package.bench.runs must be at least 1");
        }
        Instant startedAt = Instant.now();
        Files.createDirectories(outputDir);
        long imageBytes = folderBytes(jpackage.resolve("mzchat"));
        Path deb = debIn(jpackage);
        Path work = Files.createTempDirectory(outputDir, "package");
        try (XDisplay display = XDisplay.open(work.resolve("xvfb.log"))) {
            InstalledDeb installed = deb == null || Boolean.getBoolean("package.bench.image") ? null
                    : InstalledDeb.unpack(deb, work.resolve("root"));
            Path launcher = installed == null ? imageLauncher
                    : installed.app().resolve("bin").resolve("mzchat");
            System.out.println("Measuring " + (installed == null ? "the app-image " + imageLauncher
                    : "the .deb's app, unpacked and with its class data archive made as its postinst makes it ("
                    + installed.archiveTook().toMillis() + " ms)"));
            String extra = EXTRA_OPTIONS.startsWith("${") ? "" : EXTRA_OPTIONS.strip();
            Map<String, String> environment = Map.of("DISPLAY", display.name(),
                    "JAVA_TOOL_OPTIONS", ("-Dmzchat.console.level=INFO " + extra).strip());
            System.out.printf(Locale.ROOT, "Display %s%s; %d starts per screen%s%n", display.name(),
                    display.virtual() ? " (Xvfb)" : "", RUNS, extra.isEmpty() ? "" : "; added JVM options: " + extra);
            List<Start> firstRun = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                firstRun.add(start(launcher, work.resolve("new-" + i), environment, work, "first-run " + (i + 1)));
            }
            Path account = work.resolve("account");
            List<Start> unlock = new ArrayList<>();
            try (PackagedAccount server = PackagedAccount.create(launcher, work.resolve("server"), account)) {
                for (int i = 0; i < RUNS; i++) {
                    unlock.add(start(launcher, account, environment, work, "unlock " + (i + 1)));
                }
            }
            report(startedAt, outputDir, imageBytes, deb, installed, firstRun, unlock);
        } finally {
            deleteQuietly(work);
        }
    }

    private static Start start(Path launcher, Path home, Map<String, String> environment, Path work, String label)
            throws Exception {
        Path log = work.resolve(label.replace(' ', '-') + ".log");
        try (PackagedApp app = PackagedApp.start(launcher, List.of("--home", home.toString()), environment, log)) {
            PackagedApp.Ready ready = app.awaitWindow(WINDOW_LIMIT, log);
            long cpuMillis = app.cpuMillis();
            Thread.sleep(SETTLE.toMillis());
            ProcStatus memory = ProcStatus.of(app.pid());
            Start start = new Start(TimeUnit.NANOSECONDS.toMillis(ready.wallNanos()), ready.jvmUptimeMillis(),
                    cpuMillis, memory.rssBytes(), memory.rssAnonBytes(), memory.rssFileBytes());
            System.out.printf(Locale.ROOT, "  %-12s window after %5d ms (JVM uptime %5d ms, CPU %5d ms), then %s"
                    + " resident (%s anonymous, %s file pages)%n", label, start.wallMillis(), start.jvmUptimeMillis(),
                    start.cpuMillis(),
                    Units.mib(memory.rssBytes()), Units.mib(memory.rssAnonBytes()), Units.mib(memory.rssFileBytes()));
            return start;
        }
    }

    private static void report(Instant startedAt, Path outputDir, long imageBytes, Path deb, InstalledDeb installed,
                               List<Start> firstRun, List<Start> unlock) throws IOException {
        long firstRunMedian = median(firstRun.stream().map(Start::wallMillis).toList());
        long unlockMedian = median(unlock.stream().map(Start::wallMillis).toList());
        long rssMedian = median(Stream.concat(firstRun.stream(), unlock.stream()).map(Start::rssBytes).toList());
        long debBytes = deb == null ? -1 : Files.size(deb);

        ResultTable table = new ResultTable();
        table.check("start to window, first-run screen (median)", firstRunMedian + " ms",
                "<= " + (long) TARGET_START_MS + " ms", firstRunMedian <= TARGET_START_MS);
        table.check("start to window, unlock screen (median)", unlockMedian + " ms",
                "<= " + (long) TARGET_START_MS + " ms", unlockMedian <= TARGET_START_MS);
        table.info("  of which in the JVM (median uptime, first-run)",
                median(firstRun.stream().map(Start::jvmUptimeMillis).toList()) + " ms");
        // CPU time barely depends on what else the machine runs, so it compares builds on a busy machine
        table.info("  CPU time of the app until then (median, first-run)",
                median(firstRun.stream().map(Start::cpuMillis).toList()) + " ms");
        table.info("  very first start of this run (first-run screen)", firstRun.get(0).wallMillis() + " ms");
        table.check("resident memory " + SETTLE.toSeconds() + " s after the window (median)", Units.mib(rssMedian),
                "<= " + Units.mib(TARGET_RSS_BYTES), rssMedian <= TARGET_RSS_BYTES);
        // file pages include the system's OpenGL: on Xvfb that is Mesa's software renderer and its LLVM
        table.info("  of which anonymous (heap, stacks, malloc)", Units.mib(median(
                Stream.concat(firstRun.stream(), unlock.stream()).map(Start::rssAnonBytes).toList())));
        table.info("  of which file pages (jar, runtime, GTK, OpenGL)", Units.mib(median(
                Stream.concat(firstRun.stream(), unlock.stream()).map(Start::rssFileBytes).toList())));
        table.info("system load while measuring (1-minute average)", loadAverage());
        table.info("app measured", installed == null ? "app-image" : ".deb, installed");
        if (installed != null) {
            table.info("  class data archive made at install", Units.mib(installed.archiveBytes()) + " in "
                    + installed.archiveTook().toMillis() + " ms");
            table.info("  installed folder with it", Units.mib(folderBytes(installed.app())));
        }
        table.check("app-image folder", Units.mib(imageBytes), "<= " + Units.mib(TARGET_SIZE_BYTES),
                imageBytes <= TARGET_SIZE_BYTES);
        if (deb == null) {
            table.info(".deb", "not built");
        } else {
            table.check(".deb (" + deb.getFileName() + ")", Units.mib(debBytes), "<= " + Units.mib(TARGET_SIZE_BYTES),
                    debBytes <= TARGET_SIZE_BYTES);
        }
        System.out.println();
        System.out.print(table.render());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "package");
        json.put("timestamp", startedAt.toString());
        json.put("all_targets_met", table.allMet());
        json.put("environment", MailboxBench.environment());
        json.put("starts_per_screen", firstRun.size());
        json.put("settle_millis", SETTLE.toMillis());
        json.put("first_run_screen", starts(firstRun));
        json.put("unlock_screen", starts(unlock));
        json.put("rss_median_bytes", rssMedian);
        json.put("load_average", loadAverage());
        json.put("measured", installed == null ? "app-image" : "deb-installed");
        if (installed != null) {
            json.put("archive_bytes", installed.archiveBytes());
            json.put("archive_millis", installed.archiveTook().toMillis());
            json.put("installed_bytes", folderBytes(installed.app()));
        }
        json.put("app_image_bytes", imageBytes);
        json.put("deb_bytes", debBytes);
        json.put("table", table.toJson());
        Path file = outputDir.resolve("package.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results in " + file);
    }

    private static Map<String, Object> starts(List<Start> starts) {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Long> wall = starts.stream().map(Start::wallMillis).toList();
        json.put("window_millis_median", median(wall));
        json.put("window_millis", wall);
        json.put("jvm_uptime_millis", starts.stream().map(Start::jvmUptimeMillis).toList());
        json.put("cpu_millis_median", median(starts.stream().map(Start::cpuMillis).toList()));
        json.put("cpu_millis", starts.stream().map(Start::cpuMillis).toList());
        json.put("rss_bytes", starts.stream().map(Start::rssBytes).toList());
        json.put("rss_anon_bytes", starts.stream().map(Start::rssAnonBytes).toList());
        json.put("rss_file_bytes", starts.stream().map(Start::rssFileBytes).toList());
        return json;
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The machine's load: starts on a busy machine are slower, so the figures come with it. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new HarnessFailure("cannot read the size of " + file, e);
                }
            }).sum();
        }
    }

    private static Path debIn(Path jpackage) throws IOException {
        try (Stream<Path> files = Files.list(jpackage)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("PackageBench: could not remove " + folder + ": " + e);
        }
    }
}
