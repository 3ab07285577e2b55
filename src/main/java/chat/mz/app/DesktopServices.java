package chat.mz.app;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the desktop app runs behind its window: the settings, the embedded homeserver (when none is
 * configured) and the connection to the homeserver.
 *
 * <p>All of it happens on one worker thread owned by this class, never on the JavaFX thread: starting
 * a server, connecting and writing files can each take a while, and the window must stay responsive.
 * One thread also keeps the order simple: closing waits behind a start that is still running.
 */
public final class DesktopServices {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopServices.class);
    /** Longer than the server's longest mailbox wait, so a waiting call is never cut short. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** How long closing may hold up the exit: saving, closing the connection, stopping the server. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SettingsStore store;
    private final Supplier<Homeserver> embeddedHomeserver;
    private final ExecutorService worker;
    private final Settings settings;

    // only touched on the worker thread
    private Homeserver embedded;
    private HomeserverConnection connection;

    /**
     * Reads the settings (call off the JavaFX thread: it reads a file).
     *
     * @param paths              where the settings live
     * @param embeddedHomeserver starts the homeserver to run when none is configured
     */
    public DesktopServices(AppPaths paths, Supplier<Homeserver> embeddedHomeserver) {
        this.store = new SettingsStore(paths.settingsFile());
        this.embeddedHomeserver = embeddedHomeserver;
        this.settings = store.load();
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mzchat-desktop");
            // never the reason the process stays up; close() waits for the work that matters
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a homeserver on 127.0.0.1 at a free port, for a user who has not configured one; its
     * database lives in the app's data folder ({@code homeserver/}), so accounts outlive the app.
     */
    public static Homeserver startLoopbackHomeserver(AppPaths paths) {
        return Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(paths.data().resolve("homeserver")), Version.current());
    }

    /** The settings as they were when the app started. */
    public Settings settings() {
        return settings;
    }

    /**
     * Starts the embedded homeserver if none is configured, then connects; returns at once. Progress
     * and failures show on {@code status}.
     */
    public void start(ConnectionStatusViewModel status) {
        worker.execute(() -> connect(status));
    }

    /**
     * Saves the window's bounds, closes the connection and stops the embedded homeserver, waiting (at
     * most a few seconds) until that is done, so the process can exit right after.
     */
    public synchronized void close(Optional<Settings.WindowBounds> window) {
        if (worker.isShutdown()) {
            return;
        }
        worker.execute(() -> {
            window.ifPresent(this::saveWindow);
            if (connection != null) {
                connection.close();
            }
            if (embedded != null) {
                embedded.close();
            }
        });
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Shutting down took longer than {} s; exiting anyway", CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect(ConnectionStatusViewModel status) {
        Optional<URI> configured = settings.homeserver();
        URI uri;
        if (configured.isPresent()) {
            uri = configured.get();
        } else {
            status.startingHomeserver();
            try {
                embedded = embeddedHomeserver.get();
            } catch (RuntimeException e) {
                LOG.error("The embedded homeserver could not start", e);
                status.homeserverFailed(plainReason(e));
                return;
            }
            uri = embedded.uri();
        }
        try {
            connection = new HomeserverConnection(uri, Clock.systemUTC(), Backoff.standard(new SecureRandom()),
                    CALL_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.error("Cannot connect to the homeserver {}", uri, e);
            status.connectionFailed(plainReason(e));
            return;
        }
        // follow before starting, so the first "Connecting" is not missed
        status.follow(uri, embedded != null, connection.states());
        connection.start();
    }

    private void saveWindow(Settings.WindowBounds bounds) {
        try {
            // re-read first: the user may have edited the file (say, the homeserver) while the app ran
            store.save(store.load().withWindow(bounds));
        } catch (IOException e) {
            LOG.warn("Could not save the window's size and position: {}", e.toString());
        }
    }

    /**
     * The innermost message, which is the plain one ("Address already in use"), rather than the
     * wrapper's account of where it happened.
     */
    static String plainReason(Throwable e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage();
        }
        return message == null || message.isBlank() ? "an unexpected error (see the log)" : message;
    }
}
