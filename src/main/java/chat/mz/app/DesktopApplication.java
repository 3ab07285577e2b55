package chat.mz.app;

import chat.mz.app.notifications.Notifier;
import chat.mz.app.notifications.Notifiers;
import chat.mz.cli.LogSetup;
import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.identity.AccountFacts;
import chat.mz.crypto.Argon2Params;
import chat.mz.server.Homeserver;
import chat.mz.ui.main.MainWindow;
import chat.mz.ui.main.MainWindowViewModel;
import chat.mz.ui.onboarding.FirstRunView;
import chat.mz.ui.onboarding.FirstRunViewModel;
import chat.mz.ui.onboarding.UnlockView;
import chat.mz.ui.onboarding.UnlockViewModel;
import chat.mz.ui.settings.Themes;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app: wires the main window to the services behind it. The window shows at once, with
 * the first-run wizard when this device has no account yet, or else the unlock screen (while the
 * connection to the account's homeserver comes up behind it, on {@link DesktopServices}' own thread);
 * once the account is created or unlocked, the main view. Closing the window saves its bounds, locks
 * the identity, closes the connection and stops the embedded homeserver.
 */
public final class DesktopApplication extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopApplication.class);
    /** The named launch parameter carrying {@code --home}. */
    static final String HOME_PARAMETER = "home";
    /** What a second start of the app prints before it exits. */
    static final String ALREADY_RUNNING = "mzchat is already running; its window was brought to the front.";

    private final Supplier<Homeserver> embeddedHomeserver;
    private final Argon2Params argon2;
    private AppPaths paths;
    private DesktopServices services;
    private ConnectionStatusViewModel status;
    private MainWindow window;
    private AutoCloseable chats;
    private UncaughtErrors errors;
    private Notifier notifier = Notifier.NONE;
    private AutoCloseable alerts;

    /** Used by {@link Application#launch}: the paths come from {@code --home} or the user's system. */
    public DesktopApplication() {
        this.paths = null;
        this.argon2 = Argon2Params.interactive();
        // reads the paths when the server starts, after init() has found them
        this.embeddedHomeserver = () -> DesktopServices.startLoopbackHomeserver(this.paths);
    }

    /** Keeps everything under {@code paths}, e.g. a test's temporary folder. */
    public DesktopApplication(AppPaths paths) {
        this(paths, () -> DesktopServices.startLoopbackHomeserver(paths));
    }

    DesktopApplication(AppPaths paths, Supplier<Homeserver> embeddedHomeserver) {
        this(paths, embeddedHomeserver, Argon2Params.interactive());
    }

    /** For tests: {@code argon2} stretches a new account's passphrase (cheaply, in tests). */
    DesktopApplication(AppPaths paths, Supplier<Homeserver> embeddedHomeserver, Argon2Params argon2) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.embeddedHomeserver = Objects.requireNonNull(embeddedHomeserver, "embeddedHomeserver");
        this.argon2 = Objects.requireNonNull(argon2, "argon2");
    }

    /**
     * Runs the desktop app until its window is closed; if a copy already runs on the same folders,
     * brings that copy's window to the front instead, says so and returns at once.
     *
     * @param homeOrNull keep settings, data and logs under this folder instead of the system's places
     */
    public static void launchDesktop(Path homeOrNull) {
        AppPaths paths = AppPaths.forCurrentUser(homeOrNull);
        UncaughtErrors.console(LogSetup.logFile(paths)).install();
        Optional<Runnable> release = claimInstance(paths);
        if (release.isEmpty()) {
            System.out.println(ALREADY_RUNNING);
            return;
        }
        // also when the system ends the process (logging out): the next start then finds no socket
        Runtime.getRuntime().addShutdownHook(new Thread(release.get(), "mzchat-instance-release"));
        String[] args = homeOrNull == null ? new String[0]
                : new String[] {"--" + HOME_PARAMETER + "=" + homeOrNull.toAbsolutePath()};
        try {
            Application.launch(DesktopApplication.class, args);
        } catch (RuntimeException e) {
            // the command line prints the sentence; the log keeps the whole story
            LOG.error("The desktop app could not start", e);
            throw e;
        } finally {
            release.get().run();
        }
    }

    /**
     * Claims the data folder for this process: returns how to let it go at exit, or empty when a copy
     * already running took the request to come forward. When no claim can be made at all (no local
     * sockets here, say), the app runs anyway, unguarded.
     */
    static Optional<Runnable> claimInstance(AppPaths paths) {
        try {
            SingleInstance.Claim claim = SingleInstance.claim(paths.data(), WindowActivation::request);
            return claim instanceof SingleInstance.Held held ? Optional.of(held::close) : Optional.empty();
        } catch (SingleInstance.NotAnswering e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            LOG.warn("Could not make sure that only one copy of mzchat runs: {}", e.toString());
            return Optional.of(() -> { });
        }
    }

    /** Off the JavaFX thread: finds the app's folders and reads the settings. */
    @Override
    public void init() throws IOException {
        if (paths == null) {
            paths = AppPaths.forCurrentUser(homeParameter());
        }
        paths.create();
        LOG.info("Settings in {}, data in {}", paths.config(), paths.data());
        services = new DesktopServices(paths, embeddedHomeserver, argon2);
    }

    @Override
    public void start(Stage stage) {
        Themes.apply(services.settings().theme());
        status = new ConnectionStatusViewModel(uiThread(), Clock.systemUTC());
        window = new MainWindow(stage, new MainWindowViewModel(Version.current(), status));
        errors = UncaughtErrors.withDialog(LogSetup.logFile(paths), Clock.systemUTC(), window::window).install();
        WindowActivation.markMain(stage);
        if (services.hasAccount()) {
            String username = services.accountFacts().map(AccountFacts::username).orElse(null);
            window.showInstead(new UnlockView(new UnlockViewModel(services::unlock, uiThread(), username,
                    this::showAccount)));
        } else {
            window.showInstead(new FirstRunView(new FirstRunViewModel(
                    (homeserver, username, passphrase, progress) -> services.createAccount(homeserver, username,
                            passphrase, progress, status),
                    uiThread(), services.settings().homeserver(), this::showAccount)));
        }
        window.show(services.settings().window());
        Platform.runLater(() -> LOG.info("Window ready after {} ms", ManagementFactory.getRuntimeMXBean().getUptime()));
        services.start(status);
    }

    /** The account is open: the main view, with its sections filled in. */
    private void showAccount() {
        window.showMain();
        chats = ChatsSection.install(window, services, uiThread()).orElse(null);
        DevicesSection.install(window, services, uiThread());
        SettingsSection.install(window, services, uiThread());
        // only now: nothing is notified before the account is open, and finding a tray starts AWT,
        // which the start of the window need not wait behind
        if (notifier == Notifier.NONE) {
            notifier = Notifiers.forThisSystem(WindowActivation::request);
        }
        alerts = services.messenger().map(messenger -> NewMessageAlerts.install(messenger, services, notifier,
                Clock.systemUTC())).orElse(null);
    }

    /** The services behind the window (the unlocked identity, the connection), for other views. */
    DesktopServices services() {
        return services;
    }

    @Override
    public void stop() {
        if (errors != null) {
            errors.uninstall();
        }
        // the window is gone: nothing left to render, so stop listening before the connection closes
        if (status != null) {
            status.close();
        }
        if (alerts != null) {
            try {
                alerts.close();
            } catch (Exception e) {
                LOG.warn("Notifications did not stop cleanly: {}", e.toString());
            }
        }
        notifier.close();
        if (chats != null) {
            try {
                chats.close();
            } catch (Exception e) {
                LOG.warn("The Chats section did not close cleanly: {}", e.toString());
            }
        }
        Optional<Settings.WindowBounds> bounds = Optional.empty();
        if (window != null) {
            bounds = Optional.of(window.bounds());
            window.dispose();
        }
        if (services != null) {
            services.close(bounds);
        }
    }

    private Path homeParameter() {
        Parameters parameters = getParameters();
        String home = parameters == null ? null : parameters.getNamed().get(HOME_PARAMETER);
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    /** Runs view-model updates on the JavaFX thread; after the toolkit has exited they are dropped. */
    private static Executor uiThread() {
        return task -> {
            try {
                Platform.runLater(task);
            } catch (IllegalStateException e) {
                LOG.debug("Dropped a UI update after the toolkit exited");
            }
        };
    }
}
