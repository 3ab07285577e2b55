package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The desktop app as a user meets it, on a headless (Monocle) screen. */
class DesktopApplicationTest {
    private static final long STARTUP_SECONDS = 20;

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private Application app;
    private Stage stage;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeIfStillOpen() throws TimeoutException {
        close();
    }

    @Test
    void startsShowsItsWindowAndConnectsToItsEmbeddedHomeserver() throws Exception {
        AppPaths paths = AppPaths.under(home);
        start(() -> new DesktopApplication(paths));

        assertTrue(onFx(stage::isShowing));
        assertEquals("mzchat", onFx(stage::getTitle));
        assertEquals(8, onFx(() -> stage.getIcons().size()));
        waitForStatus("Connected");
        String address = text("#homeserverAddress");
        assertTrue(address.startsWith("Embedded homeserver · ws://127.0.0.1:"), address);

        close();

        Properties saved = read(paths.settingsFile());
        assertEquals("1000.0", saved.getProperty("window.width"));
        assertEquals("680.0", saved.getProperty("window.height"));
        assertEquals("false", saved.getProperty("window.maximized"));
        assertTrue(saved.containsKey("window.x") && saved.containsKey("window.y"), saved.toString());
        // the embedded homeserver went with the window
        URI uri = URI.create(address.substring(address.indexOf("ws://")));
        assertThrows(ConnectException.class, () -> new Socket(uri.getHost(), uri.getPort()).close());
    }

    @Test
    void usesTheHomeserverFromItsSettingsInsteadOfAnEmbeddedOne() throws Exception {
        AppPaths paths = AppPaths.under(home);
        try (Homeserver server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0), "test")) {
            new SettingsStore(paths.settingsFile()).save(Settings.defaults().withHomeserver(server.uri()));
            start(() -> new DesktopApplication(paths));

            waitForStatus("Connected");
            assertEquals("Homeserver · " + server.uri(), text("#homeserverAddress"));
            assertEquals(1, server.connectionCount());

            close();

            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> server.connectionCount() == 0);
            Settings after = new SettingsStore(paths.settingsFile()).load();
            assertEquals(server.uri(), after.homeserver().orElseThrow());
            assertTrue(after.window().isPresent());
        }
    }

    @Test
    void saysSoInPlainWordsWhenTheEmbeddedHomeserverCannotStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            start(() -> new DesktopApplication(AppPaths.under(home), () -> Homeserver.start(
                    ServerConfig.defaults().withAddress("127.0.0.1", taken.getLocalPort()), "test")));

            waitForStatus("Could not start the homeserver: Address already in use");
        }
    }

    @Test
    void opensWhereItWasLastTime() throws Exception {
        AppPaths paths = AppPaths.under(home);
        new SettingsStore(paths.settingsFile())
                .save(Settings.defaults().withWindow(new Settings.WindowBounds(120, 90, 900, 600, false)));

        start(() -> new DesktopApplication(paths));

        assertEquals(120.0, onFx(stage::getX));
        assertEquals(90.0, onFx(stage::getY));
        assertEquals(900.0, onFx(stage::getWidth));
        assertEquals(600.0, onFx(stage::getHeight));
    }

    @Test
    void opensMaximizedIfItWasAndKeepsTheSizeToRestoreTo() throws Exception {
        AppPaths paths = AppPaths.under(home);
        new SettingsStore(paths.settingsFile())
                .save(Settings.defaults().withWindow(new Settings.WindowBounds(120, 90, 900, 600, true)));

        start(() -> new DesktopApplication(paths));
        assertTrue(onFx(stage::isMaximized));
        close();

        assertEquals(new Settings.WindowBounds(120, 90, 900, 600, true),
                new SettingsStore(paths.settingsFile()).load().window().orElseThrow());
    }

    private void start(Supplier<Application> factory) throws TimeoutException {
        app = FxToolkit.setupApplication(factory);
        stage = FxToolkit.toolkitContext().getRegisteredStage();
    }

    /** Closes the window and stops the app, as closing its last window does. */
    private void close() throws TimeoutException {
        FxToolkit.cleanupStages();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app = null;
        }
    }

    private void waitForStatus(String expected) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(STARTUP_SECONDS, TimeUnit.SECONDS, () -> expected.equals(text("#connectionStatus")));
        } catch (TimeoutException e) {
            throw new AssertionError("The status bar never read \"" + expected + "\"; it reads \""
                    + quietly(() -> text("#connectionStatus")) + "\"", e);
        }
    }

    private String text(String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }

    private static String quietly(Callable<String> callable) {
        try {
            return callable.call();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
