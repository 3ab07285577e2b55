package chat.mz.ui.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkException;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.qr.QrCode;
import chat.mz.crypto.Argon2Params;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.LiveConnections;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "Link a device" dialog on a headless screen, linking for real: a loopback homeserver, a
 * desktop account holding the root key, and a headless new device that scans the dialog's QR code
 * (decoded from the image's pixels).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LinkDeviceDialogTest {
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final char[] DESKTOP_PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final char[] PHONE_PASSPHRASE = "another long passphrase".toCharArray();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path serverData;
    @TempDir
    Path desktopData;
    @TempDir
    Path phoneData;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Stage owner;
    private Homeserver server;
    private UnlockedIdentity desktop;
    private Device desktopDevice;
    private LinkDeviceViewModel viewModel;
    private Stage dialog;
    private final List<LinkStarter.Link> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The devices the links said were added, to be offered the history. */
    private final List<String> added = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Device(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }

    @Start
    void start(Stage stage) {
        owner = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        // a window with a scene, as the main window is: the headless screen sends it mouse events
        stage.setScene(new Scene(new StackPane(), 800, 600));
        stage.show();
    }

    @BeforeEach
    void createAccountAndOpenTheDialog() throws Exception {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData)
                .withMailboxWait(Duration.ofSeconds(1)), "test");
        desktopDevice = connect();
        desktop = await(new AccountCreator(new LocalIdentity(desktopData), CHEAP, random, clock, executor)
                .create(desktopDevice.connection(), AccountCreator.Request.of("ada", null), DESKTOP_PASSPHRASE));
        await(new DeviceLogin(desktopDevice.connection(), desktopDevice.hellos()).login(desktop));

        onFx(() -> {
            DeviceAddingLinks links = new DeviceAddingLinks(desktopDevice.connection(), desktop, clock, random,
                    executor, added::add);
            viewModel = new LinkDeviceViewModel(() -> {
                LinkStarter.Link link = links.start();
                started.add(link);
                return link;
            }, Platform::runLater, clock);
            dialog = LinkDeviceDialog.show(owner, viewModel);
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        onFx(() -> {
            if (dialog != null) {
                dialog.hide();
            }
            return null;
        });
        if (desktop != null) {
            desktop.close();
        }
        for (AutoCloseable each : opened) {
            each.close();
        }
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
    }

    @Test
    void theQrCodeIsTheLinkAndApprovingLinksTheDevice(FxRobot robot) throws Exception {
        awaitCode();
        assertEquals("Link a device", onFx(dialog::getTitle));
        assertTrue(text(robot, "#countdown").matches("Expires in [45]:\\d\\d"), text(robot, "#countdown"));

        String scanned = scanQrCode(robot);
        assertEquals(onFx(() -> viewModel.urlProperty().get()), scanned);

        Device phoneDevice = connect();
        DeviceJoining joining = new DeviceJoining(phoneDevice.connection(), phoneDevice.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        String phoneCode = await(joining.start(LinkInvitation.parse(scanned), "Test phone", "android"));
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(phoneData), CHEAP, random), PHONE_PASSPHRASE, PATIENCE);

        waitUntil(() -> robot.lookup("#checkCode").tryQuery().isPresent());
        assertEquals(phoneCode, text(robot, "#checkCode"), "the dialog shows the code the device shows");
        assertEquals("Test phone", text(robot, "#deviceName"));
        assertEquals("android", text(robot, "#devicePlatform"));
        assertFalse(text(robot, "#deviceFingerprint").isBlank());
        assertEquals("Check that your other device shows the same code.", text(robot, "#checkHint"));
        assertFalse(onFx(() -> robot.lookup("#approve").queryButton().isDefaultButton()),
                "Enter must not approve a device by default");
        assertFalse(joined.isDone(), "nothing is signed before the person approves");

        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#approve");

        waitUntil(() -> robot.lookup("#linkedTitle").tryQuery().isPresent());
        assertEquals("Linked", text(robot, "#linkedTitle"));
        DeviceJoining.Joined phone = await(joined);
        opened.add(phone.identity());
        assertEquals(desktop.userId(), phone.login().userId());
        String phoneId = phone.identity().deviceId();
        assertEquals(List.of(phoneId), added, "the linked device is named once, to be offered the history");
        assertEquals(new LinkStarter.NewDevice(phoneId, "Test phone"),
                started.get(0).linked().toCompletableFuture().get(5, TimeUnit.SECONDS));

        VerifiedDevices devices = await(new DeviceDirectory(desktopDevice.connection(), clock)
                .byUserId(desktop.userId(), 2));
        assertEquals(Set.of(desktop.deviceId(), phoneId),
                devices.devices().stream().map(c -> c.body().deviceId()).collect(Collectors.toSet()));
    }

    @Test
    void denyingInTheDialogLinksNothing(FxRobot robot) throws Exception {
        awaitCode();
        Device phoneDevice = connect();
        DeviceJoining joining = new DeviceJoining(phoneDevice.connection(), phoneDevice.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        joining.start(LinkInvitation.parse(scanQrCode(robot)), "Test phone", "android");
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(phoneData), CHEAP, random), PHONE_PASSPHRASE, PATIENCE);
        waitUntil(() -> robot.lookup("#deny").tryQuery().isPresent());

        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#deny");

        waitUntil(() -> robot.lookup("#failureMessage").tryQuery().isPresent());
        assertEquals("You denied the device. It was not linked.", text(robot, "#failureMessage"));
        assertEquals("Linking was denied on the other device.", failure(joined).getMessage());
        assertFalse(new LocalIdentity(phoneData).exists(), "a denied device stores nothing");
        assertEquals(1, await(new DeviceDirectory(desktopDevice.connection(), clock)
                .byUserId(desktop.userId(), 1)).deviceList().body().version());
    }

    @Test
    void escapeClosesTheDialogAndCancelsTheLink(FxRobot robot) throws Exception {
        awaitCode();
        assertEquals(1, started.size());

        robot.clickOn("#countdown").type(KeyCode.ESCAPE);

        waitUntil(() -> !onFx(dialog::isShowing));
        assertTrue(onFx(() -> viewModel.closedProperty().get()));
        // the link in the client core ends as cancelled
        LinkException ended = assertFails(started.get(0).linked());
        assertEquals(LinkException.Reason.CANCELLED, ended.reason());
    }

    private void awaitCode() throws Exception {
        try {
            waitUntil(() -> onFx(() -> viewModel.stateProperty().get() instanceof LinkDeviceState.ShowingCode));
        } catch (TimeoutException e) {
            throw new AssertionError("no code shown; the dialog is at " + onFx(viewModel.stateProperty()::get), e);
        }
    }

    /** Reads the QR code from the pixels of the image the dialog shows, as a phone's camera would. */
    private static String scanQrCode(FxRobot robot) throws Exception {
        ImageView view = robot.lookup("#qrCode").query();
        return onFx(() -> {
            Image image = view.getImage();
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            assertTrue(width >= 240, "big enough to scan from a phone: " + width);
            assertFalse(view.isSmooth(), "modules are not blurred");
            int[] argb = new int[width * height];
            image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
            return QrCode.decode(width, height, argb);
        });
    }

    private Device connect() throws InterruptedException {
        HomeserverConnection connection = new HomeserverConnection(server.uri(), clock,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)),
                LiveConnections.CALL_TIMEOUT);
        ServerHelloTracker hellos = new ServerHelloTracker(connection);
        CountDownLatch connected = new CountDownLatch(1);
        connection.states().subscribe(state -> {
            if (state instanceof ConnectionState.Connected) {
                connected.countDown();
            }
        });
        connection.start();
        assertTrue(connected.await(10, TimeUnit.SECONDS), "no connection to " + server.uri());
        Device device = new Device(connection, hellos);
        opened.add(device);
        return device;
    }

    private static String text(FxRobot robot, String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("failed: " + cause, cause);
        }
    }

    private static LinkException assertFails(CompletionStage<?> stage) throws Exception {
        return (LinkException) failure(stage.toCompletableFuture());
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure but got " + value);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            assertTrue(cause instanceof LinkException, String.valueOf(cause));
            return cause;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
