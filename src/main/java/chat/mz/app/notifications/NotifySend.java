package chat.mz.app.notifications;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications through {@code notify-send}, on Linux desktops that show notifications but have no
 * tray for AWT (GNOME, for one).
 *
 * <p>The message's text is left out: a program's arguments can be read by every user of the computer
 * while it runs ({@code /proc/<pid>/cmdline}), and the text of an end-to-end-encrypted message must
 * not be. The notification says who wrote, and where.
 */
final class NotifySend implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(NotifySend.class);
    static final String BODY = "Open mzchat to read it.";
    private static final long TIMEOUT_SECONDS = 5;

    private final Path program;
    private final Executor background;

    NotifySend(Path program, Executor background) {
        this.program = program;
        this.background = background;
    }

    /** {@code notify-send}, if it is on {@code path} (the PATH variable's value; null for none). */
    static Optional<Path> find(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve("notify-send");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The command line for {@code notification}: no shell, and the message's text left out. */
    List<String> command(Notification notification) {
        return List.of(program.toString(), "--app-name=mzchat", "--", notification.title(), BODY);
    }

    @Override
    public void show(Notification notification) {
        background.execute(() -> {
            try {
                Process process = new ProcessBuilder(command(notification))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException e) {
                LOG.info("notify-send did not run: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
