package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.crypto.Argon2Params;
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
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
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
    /** Stretches passphrases cheaply: the tests are about the app, not about Argon2. */
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final String PASSPHRASE = "correct horse battery";

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
        start(() -> app(paths));

        assertTrue(onFx(stage::isShowing));
        assertEquals("mzchat", onFx(stage::getTitle));
        assertEquals(8, onFx(() -> stage.getIcons().size()));
        createAccount("ada", PASSPHRASE);
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
            start(() -> app(paths));

            // the wizard offers the configured homeserver
            assertEquals(server.uri().toString(), onFx(() -> robot.lookup("#address")
                    .queryAs(javafx.scene.control.TextField.class).getText()));
            createAccount("ada", PASSPHRASE);
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
                    ServerConfig.defaults().withAddress("127.0.0.1", taken.getLocalPort()), "test"), CHEAP));

            fillWizard("ada", PASSPHRASE);
            robot.clickOn("#createAccount");
            waitForText("#onboardingError", "Could not start the homeserver: Address already in use");
            assertFalse(new LocalIdentity(AppPaths.under(home).data()).exists(), "no account was made");
            assertTrue(robot.lookup("#firstRun").tryQuery().isPresent(), "the wizard stays, to try again");
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

    @Test
    void aFirstRunCreatesTheAccountAndTheNextStartUnlocksIt() throws Exception {
        AppPaths paths = AppPaths.under(home);
        start(() -> app(paths));

        // the wizard, with the focus in its first field
        assertTrue(robot.lookup("#firstRun").tryQuery().isPresent());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(() -> "username".equals(
                stage.getScene().getFocusOwner() == null ? null : stage.getScene().getFocusOwner().getId())));
        fillWizard("Ada", PASSPHRASE);
        assertEquals("Strong", text("#strengthHint"));
        robot.type(KeyCode.ENTER);
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
        waitForStatus("Connected");
        LocalIdentity local = new LocalIdentity(paths.data());
        assertTrue(Files.exists(local.keystoreFile()));
        assertEquals("ada", local.facts().username());
        DesktopServices services = ((DesktopApplication) app).services();
        assertEquals("ada", services.unlockedIdentity().orElseThrow().username());
        waitFor("the device to log in", () -> services.lastLogin().map(o -> o.loggedIn()).orElse(false));
        var created = services.unlockedIdentity().orElseThrow();
        close();
        assertThrows(IllegalStateException.class, () -> created.loginParams("x", new byte[32]),
                "closing the app locked the identity");
        byte[] keystore = Files.readAllBytes(local.keystoreFile());

        // the next start asks for the passphrase
        start(() -> app(paths));
        assertTrue(robot.lookup("#unlock").tryQuery().isPresent());
        assertEquals("Welcome back, ada", text(".title-2"));
        robot.clickOn("#unlockPassphrase").write("not my passphrase").type(KeyCode.ENTER);
        waitForText("#unlockError", "The passphrase is wrong. Nothing was changed.");
        assertArrayEquals(keystore, Files.readAllBytes(local.keystoreFile()));
        assertTrue(robot.lookup("#unlock").tryQuery().isPresent());
        assertTrue(((DesktopApplication) app).services().unlockedIdentity().isEmpty());

        robot.clickOn("#unlockPassphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
        waitForStatus("Connected");
        DesktopServices again = ((DesktopApplication) app).services();
        waitFor("the device to log in", () -> again.lastLogin().map(o -> o.loggedIn()).orElse(false));
        assertArrayEquals(keystore, Files.readAllBytes(local.keystoreFile()));
    }

    @Test
    void theDevicesSectionListsThisDeviceAndLinkingShowsAScannableCode() throws Exception {
        AppPaths paths = AppPaths.under(home);
        start(() -> app(paths));
        createAccount("ada", PASSPHRASE);
        waitForStatus("Connected");
        DesktopServices services = ((DesktopApplication) app).services();
        waitFor("the device to log in", () -> services.lastLogin().map(o -> o.loggedIn()).orElse(false));

        // the sidebar's cells are laid out a pulse after the main view appears
        waitFor("the Devices entry", () -> robot.lookup("#nav-devices").tryQuery().map(Node::isVisible).orElse(false));
        robot.clickOn("#nav-devices");
        waitFor("the devices view", () -> robot.lookup("#devicesView").tryQuery().isPresent());
        waitFor("this device in the list", () -> robot.lookup("This device").tryQuery().isPresent());

        waitFor("the link button", () -> robot.lookup("#linkDeviceButton").tryQuery().map(Node::isVisible)
                .orElse(false));
        robot.clickOn("#linkDeviceButton");
        waitFor("the link code", () -> robot.lookup("#qrCode").tryQuery()
                .map(node -> ((javafx.scene.image.ImageView) node).getImage() != null).orElse(false));
        String scanned = onFx(() -> {
            javafx.scene.image.Image image = robot.lookup("#qrCode").queryAs(javafx.scene.image.ImageView.class)
                    .getImage();
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            int[] argb = new int[width * height];
            image.getPixelReader().getPixels(0, 0, width, height,
                    javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, width);
            return chat.mz.client.qr.QrCode.decode(width, height, argb);
        });
        String address = text("#homeserverAddress");
        String httpBase = "http://" + URI.create(address.substring(address.indexOf("ws://"))).getAuthority();
        assertTrue(scanned.startsWith(httpBase + "/qr/login/") && scanned.contains("#"), scanned);
        robot.clickOn("#close");
        close();
    }

    private DesktopApplication app(AppPaths paths) {
        return new DesktopApplication(paths, () -> DesktopServices.startLoopbackHomeserver(paths), CHEAP);
    }

    /** Goes through the first-run wizard with its default homeserver. */
    private void createAccount(String username, String passphrase) throws Exception {
        fillWizard(username, passphrase);
        robot.clickOn("#createAccount");
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
    }

    private void fillWizard(String username, String passphrase) {
        robot.clickOn("#username").write(username);
        robot.clickOn("#passphrase").write(passphrase);
        robot.clickOn("#repeatPassphrase").write(passphrase);
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(STARTUP_SECONDS, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what + "; the wizard says \""
                    + quietly(() -> text("#onboardingError")) + "\"", e);
        }
    }

    private void waitForText(String query, String expected) {
        waitFor("\"" + expected + "\" in " + query, () -> expected.equals(text(query)));
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
