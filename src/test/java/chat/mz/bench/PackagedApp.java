package chat.mz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One start of the installed app through its own launcher, with its console log (stderr) read line
 * by line: the desktop app says "Window ready after N ms" (N the JVM's uptime) once its first window
 * is up, which needs the console at INFO, given through {@code JAVA_TOOL_OPTIONS} because the
 * launcher takes no JVM options of its own.
 */
final class PackagedApp implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Window ready after (\\d+) ms");
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    /** When the window was reported: nanoseconds after the process was started, and the JVM's uptime. */
    record Ready(long wallNanos, long jvmUptimeMillis) {
    }

    private final Process process;
    private final long startedNanos;
    private final CompletableFuture<Ready> ready = new CompletableFuture<>();

    private PackagedApp(Process process, long startedNanos, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        Thread pump = new Thread(() -> pump(log), "package-bench-app-stderr");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code launcher} with {@code arguments} and {@code environment} added; its console log goes to {@code log}. */
    static PackagedApp start(Path launcher, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        return new PackagedApp(builder.start(), started, log);
    }

    long pid() {
        return process.pid();
    }

    /**
     * The CPU time the app has used so far, all its threads in user and kernel mode, from
     * {@code /proc/PID/stat}, in clock ticks of 10 ms (Linux's USER_HZ on every common platform).
     */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // the command name in parentheses may hold spaces: count fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;
    }

    /** Waits for the window; fails if the app exits first or takes longer than {@code limit}. */
    Ready awaitWindow(Duration limit, Path log) throws Exception {
        try {
            return ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HarnessFailure("the app showed no window within " + limit.toSeconds() + " s (its log: " + log
                    + ")");
        } catch (ExecutionException e) {
            throw new HarnessFailure(e.getCause().getMessage() + " (its log: " + log + ")");
        }
    }

    /** Ends the app as the system would at log-out (SIGTERM), then by force. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void pump(Path log) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
             PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                long now = System.nanoTime();
                copy.println(line);
                Matcher matcher = READY.matcher(line);
                if (matcher.find()) {
                    ready.complete(new Ready(now - startedNanos, Long.parseLong(matcher.group(1))));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the app exited before its window was ready"));
    }
}
