package chat.mz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The X display the packaged app draws its window on: the one in {@code DISPLAY} if there is one,
 * else a virtual one started for the bench with {@code Xvfb} and ended with it.
 */
final class XDisplay implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(20);

    private final String name;
    private final Process xvfb;

    private XDisplay(String name, Process xvfb) {
        this.name = name;
        this.xvfb = xvfb;
    }

    /** The display in {@code DISPLAY}, else a new Xvfb whose messages go to {@code log}. */
    static XDisplay open(Path log) throws Exception {
        String current = System.getenv("DISPLAY");
        if (current != null && !current.isBlank()) {
            return new XDisplay(current, null);
        }
        Process xvfb;
        try {
            // -displayfd: Xvfb picks a free display and writes its number to stdout once it accepts clients
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new HarnessFailure("there is no DISPLAY and Xvfb could not be started (apt-get install xvfb)", e);
        }
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                return line == null ? null : line.strip();
            } catch (IOException e) {
                return null;
            }
        });
        String display = number.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (display == null || display.isEmpty()) {
            xvfb.destroyForcibly();
            throw new HarnessFailure("Xvfb did not start (its messages: " + log + ")");
        }
        return new XDisplay(":" + display, xvfb);
    }

    /** The value for {@code DISPLAY}. */
    String name() {
        return name;
    }

    boolean virtual() {
        return xvfb != null;
    }

    @Override
    public void close() throws InterruptedException {
        if (xvfb != null) {
            xvfb.destroy();
            if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
                xvfb.destroyForcibly();
            }
        }
    }
}
