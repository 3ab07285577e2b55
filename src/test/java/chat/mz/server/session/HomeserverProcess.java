package chat.mz.server.session;

import chat.mz.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mzchat server} in a JVM of its own, on the test's class path, so that a test can kill it
 * the way the operating system does (SIGKILL: no shutdown hook, no clean close of the database).
 */
final class HomeserverProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+)");
    private static final int KEPT_LINES = 40;

    private final Process process;
    private final Deque<String> lastLines;
    private final URI uri;

    private HomeserverProcess(Process process, Deque<String> lastLines, URI uri) {
        this.process = process;
        this.lastLines = lastLines;
        this.uri = uri;
    }

    /**
     * Starts a homeserver on a free loopback port with its database in {@code dataDir}, named
     * {@code name} (devices sign the name into their logins, so it must not change across restarts),
     * and waits until it listens.
     *
     * @param home the app's folder for this process (its log file goes there)
     */
    static HomeserverProcess start(Path dataDir, Path home, String name) throws IOException, InterruptedException {
        // a small heap, one GC thread and the quick compiler: the JVM starts sooner, and the tests
        // measure nothing
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--home", home.toString(), "server", "--host", "127.0.0.1", "--port", "0",
                "--data", dataDir.toString(), "--name", name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Deque<String> lastLines = new ArrayDeque<>();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(process, lastLines, listening), "homeserver-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HomeserverProcess(process, lastLines, listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the homeserver process did not start: " + output(lastLines), e);
        }
    }

    URI uri() {
        return uri;
    }

    /** Sends SIGKILL and returns at once, as a crash would come: in the middle of whatever runs. */
    void killNow() {
        process.destroyForcibly();
    }

    /** Waits until the process is gone; fails the test if it outlives the wait. */
    void awaitExit() throws InterruptedException {
        if (!process.waitFor(STARTUP.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the homeserver process did not end");
        }
    }

    /** The last lines the process wrote, for failure messages. */
    String output() {
        return output(lastLines);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    private static void read(Process process, Deque<String> lastLines, CompletableFuture<URI> listening) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            // the process is gone; what it wrote so far is kept
        }
        listening.completeExceptionally(new IllegalStateException("the process ended"));
    }

    private static String output(Deque<String> lastLines) {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }
}
