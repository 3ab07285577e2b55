package chat.mz.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mzchat} as users run it: a process of its own on this test's class path, with
 * environment variables and standard input as given, its output and exit code collected.
 */
final class CliRunner implements AutoCloseable {
    /** How a command ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "cli-runner-output");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Process> processes = new ArrayList<>();
    private final long timeoutSeconds;

    /** @param timeoutSeconds how long one command may take before it is killed and the test fails */
    CliRunner(long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Runs {@code mzchat args} with {@code env} added and nothing on standard input; waits for it. */
    Run run(Map<String, String> env, String... args) {
        return start(env, null, args).join();
    }

    /** Runs {@code mzchat args} with {@code input} on standard input; waits for it. */
    Run runWithInput(Map<String, String> env, String input, String... args) {
        return start(env, input, args).join();
    }

    /**
     * Starts {@code mzchat args}; the future completes when it has exited.
     *
     * @param input standard input, UTF-8; null for none (closed at once)
     */
    CompletableFuture<Run> start(Map<String, String> env, String input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("chat.mz.app.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MZCHAT_HOME");
        builder.environment().remove("MZCHAT_PASSPHRASE");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (processes) {
            processes.add(process);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), readers);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), readers);
        return process.onExit().orTimeout(timeoutSeconds, TimeUnit.SECONDS).handle((exited, timeout) -> {
            if (timeout != null) {
                process.destroyForcibly();
                throw new AssertionError("mzchat " + String.join(" ", args) + " did not finish in "
                        + timeoutSeconds + " s");
            }
            return new Run(exited.exitValue(), out.join(), err.join());
        });
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills what is still running. */
    @Override
    public void close() {
        synchronized (processes) {
            processes.forEach(Process::destroyForcibly);
        }
        readers.shutdownNow();
    }
}
