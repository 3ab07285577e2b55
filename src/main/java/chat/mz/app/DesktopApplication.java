package chat.mz.app;

import atlantafx.base.theme.PrimerLight;
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

    private final Supplier<Homeserver> embeddedHomeserver;
    private final Argon2Params argon2;
    private AppPaths paths;
    private DesktopServices services;
    private ConnectionStatusViewModel status;
    private MainWindow window;
    private AutoCloseable chats;

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
     * Runs the desktop app until its window is closed.
     *
     * @param homeOrNull keep settings, data and logs under this folder instead of the system's places
     */
    public static void launchDesktop(Path homeOrNull) {
        String[] args = homeOrNull == null ? new String[0]
                : new String[] {"--" + HOME_PARAMETER + "=" + homeOrNull.toAbsolutePath()};
        Application.launch(DesktopApplication.class, args);
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
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        status = new ConnectionStatusViewModel(uiThread(), Clock.systemUTC());
        window = new MainWindow(stage, new MainWindowViewModel(Version.current(), status));
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
    }

    /** The services behind the window (the unlocked identity, the connection), for other views. */
    DesktopServices services() {
        return services;
    }

    @Override
    public void stop() {
        // the window is gone: nothing left to render, so stop listening before the connection closes
        if (status != null) {
            status.close();
        }
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
