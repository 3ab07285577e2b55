package chat.mz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The desktop app in its own JVM, driven by {@link MemoryBenchApp}: its protocol lines from stdout,
 * commands to stdin, stderr (the app's console log) to a file. Closing it ends the process, and
 * whatever it started, whether or not it is still answering.
 */
final class AppProcess implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** Put in the queue when stdout ends, so a waiting reader learns at once that the app is gone. */
    private static final String ENDED = "\u0000ended";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private AppProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "memory-bench-app-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    static AppProcess start(List<String> command, Path workDir, Path stderr) throws IOException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile())).start();
        return new AppProcess(process, stderr);
    }

    long pid() {
        return process.pid();
    }

    Path stderr() {
        return stderr;
    }

    /** Writes one line to the app's stdin (a command, or the passphrase first). */
    void send(char[] line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    void send(String line) throws IOException {
        send(line.toCharArray());
    }

    /**
     * The next protocol line saying {@code what}, without its prefix and {@code what}; other lines on
     * stdout are passed on to ours.
     */
    String expect(String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new TimeoutException("the app did not say \"" + what + "\" within " + timeout.toSeconds()
                        + " s (its console log: " + stderr + ")");
            }
            if (line.equals(ENDED)) {
                lines.add(ENDED);
                throw new IllegalStateException("the app exited"
                        + (process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        ? " with status " + process.exitValue() : "") + " (its console log: " + stderr + ")");
            }
            if (!line.startsWith(MemoryBenchApp.PREFIX)) {
                System.out.println("  app: " + line);
                continue;
            }
            String said = line.substring(MemoryBenchApp.PREFIX.length());
            if (said.startsWith("failed")) {
                throw new IllegalStateException("the app's driver failed: " + said.substring("failed".length()).strip()
                        + " (its console log: " + stderr + ")");
            }
            if (said.equals(what) || said.startsWith(what + " ")) {
                return said.substring(what.length()).strip();
            }
            throw new IllegalStateException("expected \"" + what + "\" from the app, got \"" + said + "\"");
        }
    }

    /** Waits for the app to exit on its own; false if it has not within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Ends the app and anything it started: politely first, then by force. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone already
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the stream closed with the process
        } finally {
            lines.add(ENDED);
        }
    }
}
