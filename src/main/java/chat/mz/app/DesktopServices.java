package chat.mz.app;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.LoginOutcome;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.messaging.Messenger;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.protocol.RpcException;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the desktop app runs behind its window: the settings, this device's account
 * ({@link AccountSession}: which homeserver it lives on is explained there), the embedded homeserver
 * when the account lives on this computer, and the connection ({@link HomeserverLink}), on which the
 * unlocked device stays logged in.
 *
 * <p>All of it happens on one worker thread owned by this class, never on the JavaFX thread: key
 * generation, Argon2, starting a server, connecting and writing files can each take a while, and the
 * window must stay responsive. One thread also keeps the order simple: closing waits behind work that
 * is still running.
 */
public final class DesktopServices {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopServices.class);
    /** How long closing may hold up the exit: saving, closing the connection, stopping the server. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** How long creating an account waits for the homeserver to answer at all. */
    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(20);

    private final SettingsStore store;
    private final ExecutorService worker;
    /** For the views' own background work (loading lists, link timers): never the UI thread. */
    private final ScheduledExecutorService background;
    private final SecureRandom random = new SecureRandom();
    /** The settings as last changed in the app; the file is re-read before each save. */
    private volatile Settings settings;
    private final AccountSession account;
    private final HomeserverLink link;
    private volatile HomeserverConnection connection;
    /** Where login refusals are shown; set once the window has a status bar. */
    private volatile ConnectionStatusViewModel status;

    /**
     * Reads the settings (call off the JavaFX thread: it reads a file).
     *
     * @param paths              where the settings and the identity live
     * @param embeddedHomeserver starts the homeserver to run when none is configured
     * @param argon2             how hard a new account's passphrase is stretched
     */
    public DesktopServices(AppPaths paths, Supplier<Homeserver> embeddedHomeserver, Argon2Params argon2) {
        this.store = new SettingsStore(paths.settingsFile());
        this.settings = store.load();
        this.link = new HomeserverLink(embeddedHomeserver);
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mzchat-desktop");
            // never the reason the process stays up; close() waits for the work that matters
            thread.setDaemon(true);
            return thread;
        });
        this.account = new AccountSession(new LocalIdentity(paths.data()), argon2, worker, this::loginAttempted,
                this::revoked);
        this.background = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mzchat-desktop-background");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A pool for views' background work and timers. */
    public ScheduledExecutorService background() {
        return background;
    }

    /** The app's random source, for new links' secrets and ids. */
    public SecureRandom random() {
        return random;
    }

    /**
     * Starts a homeserver on 127.0.0.1 at a free port, for a user who has not configured one; its
     * database lives in the app's data folder ({@code homeserver/}), so accounts outlive the app.
     */
    public static Homeserver startLoopbackHomeserver(AppPaths paths) {
        return Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(paths.data().resolve("homeserver")), Version.current());
    }

    /** The settings: as they were when the app started, with the changes made in the app since. */
    public Settings settings() {
        return settings;
    }

    /**
     * Applies {@code change} (a theme, the notification switch) to the settings at once and saves it
     * on the worker thread. The file is read again before the change is written, so that an edit made
     * to it while the app ran (the homeserver, say) is kept.
     */
    public void changeSettings(UnaryOperator<Settings> change) {
        settings = change.apply(settings);
        worker.execute(() -> {
            try {
                store.save(change.apply(store.load()));
            } catch (IOException e) {
                LOG.warn("Could not save the settings: {}", e.toString());
            }
        });
    }

    /** Whether this device has an account already (then it is unlocked, not created). */
    public boolean hasAccount() {
        return account.exists();
    }

    /** The account's facts, readable without the passphrase; empty if there is none or it is damaged. */
    public Optional<AccountFacts> accountFacts() {
        return account.facts();
    }

    /** The identity, once unlocked or created; locked when the app exits. */
    public Optional<UnlockedIdentity> unlockedIdentity() {
        return account.identity();
    }

    /** This device's messaging, once the account is unlocked and connected. */
    public Optional<Messenger> messenger() {
        return account.messenger();
    }

    /** The connection to the account's homeserver, once there is one. */
    public Optional<HomeserverConnection> connection() {
        return Optional.ofNullable(connection);
    }

    /** How the device's latest attempt to log in went, if it has tried. */
    public Optional<LoginOutcome> lastLogin() {
        return account.lastLogin();
    }

    /** Completes with how the device's first attempt to log in went, whichever way. */
    public CompletableFuture<LoginOutcome> firstLogin() {
        return account.firstLogin();
    }

    /**
     * With an account: connects to its homeserver now, while the user types the passphrase; returns at
     * once. Without one, the first-run wizard decides where to connect. Progress shows on {@code status}.
     */
    public void start(ConnectionStatusViewModel status) {
        this.status = status;
        if (hasAccount()) {
            Optional<URI> home = account.homeserver(settings);
            worker.execute(() -> {
                try {
                    connection = link.open(home, status);
                } catch (HomeserverLink.Unavailable e) {
                    LOG.warn("{}", e.getMessage());
                }
            });
        }
    }

    /**
     * Creates the account on {@code homeserver} (empty: the embedded one) and logs in. The passphrase
     * is copied before this returns (wipe yours then) and the copy is wiped once sealed.
     *
     * @param progress told what is happening ("Creating your keys…"), on the worker thread
     */
    public CompletableFuture<UnlockedIdentity> createAccount(Optional<URI> homeserver, String username,
                                                             char[] passphrase, Consumer<String> progress,
                                                             ConnectionStatusViewModel status) {
        this.status = status;
        char[] copy = passphrase.clone();
        return CompletableFuture.supplyAsync(() -> {
            progress.accept(homeserver.isPresent() ? "Connecting to the homeserver…" : "Starting the homeserver…");
            connection = link.open(homeserver, status);
            return link.hellos().current();
        }, worker).thenCompose(hello -> hello.copy().orTimeout(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    throw new HomeserverLink.Unavailable("The homeserver at " + connection.uri()
                            + " does not answer.", e);
                })).thenCompose(hello -> {
                    progress.accept("Creating your keys…");
                    return account.create(connection, username, copy);
                }).whenComplete((created, failure) -> Bytes.wipe(copy))
                .thenApplyAsync(created -> {
                    saveHomeserver(homeserver);
                    return account.adopt(created, link.connection(), link.hellos());
                }, worker);
    }

    /**
     * Unlocks this device's identity and logs in. A wrong passphrase fails with the keystore's
     * {@link chat.mz.identity.KeystoreException} and changes nothing. The passphrase is copied before
     * this returns (wipe yours then) and the copy is wiped after use.
     */
    public CompletableFuture<UnlockedIdentity> unlock(char[] passphrase) {
        char[] copy = passphrase.clone();
        return CompletableFuture.supplyAsync(() -> {
            try {
                UnlockedIdentity unlocked = account.unlock(copy);
                return account.adopt(unlocked, link.connection(),
                        link.connection().isPresent() ? link.hellos() : null);
            } finally {
                Bytes.wipe(copy);
            }
        }, worker);
    }

    /**
     * Seals this device's keys under a new passphrase, on the worker thread (Argon2 takes a while). A
     * wrong current passphrase changes nothing and fails with a sentence saying so. Both passphrases
     * are copied before this returns (wipe yours then) and the copies are wiped after use.
     */
    public CompletableFuture<Void> changePassphrase(char[] current, char[] next) {
        char[] currentCopy = current.clone();
        char[] nextCopy = next.clone();
        return CompletableFuture.runAsync(() -> {
            try {
                account.changePassphrase(currentCopy, nextCopy);
            } finally {
                Bytes.wipe(currentCopy);
                Bytes.wipe(nextCopy);
            }
        }, worker);
    }

    /**
     * Saves the window's bounds, locks the identity, closes the connection and stops the embedded
     * homeserver, waiting (at most a few seconds) until that is done, so the process can exit right after.
     */
    public synchronized void close(Optional<Settings.WindowBounds> window) {
        if (worker.isShutdown()) {
            return;
        }
        background.shutdownNow();
        worker.execute(() -> {
            window.ifPresent(this::saveWindow);
            account.close();
            connection = null;
            link.close();
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

    /** A login went one way or the other: the status bar says so when the homeserver refused this device. */
    private void loginAttempted(LoginOutcome outcome) {
        ConnectionStatusViewModel shown = status;
        if (shown == null) {
            return;
        }
        if (outcome.loggedIn()) {
            shown.loggedIn();
        } else if (outcome.revoked()) {
            shown.deviceRevoked();
        } else if (outcome.failure() instanceof RpcException refused) {
            shown.loginRefused(refused.getMessage());
        }
        // anything else is the connection failing, which the status bar shows from the connection itself
    }

    private void revoked() {
        ConnectionStatusViewModel shown = status;
        if (shown != null) {
            shown.deviceRevoked();
        }
    }

    private void saveHomeserver(Optional<URI> homeserver) {
        try {
            store.save(store.load().withHomeserver(homeserver.orElse(null)));
        } catch (IOException e) {
            LOG.warn("Could not save the homeserver's address: {}", e.toString());
        }
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
