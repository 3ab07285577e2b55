package chat.mz.app;

import static chat.mz.app.RunningApp.onFx;
import static chat.mz.app.RunningApp.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chat.mz.client.config.AppPaths;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.qr.QrCode;
import chat.mz.testing.LiveConnections;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Linking a phone without touching the mouse: Ctrl+L from the main window, the phone scans the code
 * (decoded from the dialog's pixels) and joins through the app's own homeserver on loopback, and
 * Tab, Space and Escape take the dialog through to the end; the phone is then on the Devices list.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeyboardLinkingTest {
    private static final char[] PHONE_PASSPHRASE = "another long passphrase".toCharArray();

    @TempDir
    Path home;
    @TempDir
    Path phoneData;

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private RunningApp app;
    private HomeserverConnection phoneConnection;
    private ServerHelloTracker phoneHellos;
    private DeviceJoining.Joined phone;

    private record Online(HomeserverConnection connection, ServerHelloTracker hellos) {
    }

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (phone != null) {
            phone.identity().close();
        }
        if (phoneHellos != null) {
            phoneHellos.close();
            phoneConnection.close();
        }
        if (app != null) {
            app.close();
        }
        executor.shutdownNow();
    }

    @Test
    void aPhoneIsLinkedWithKeyPressesOnly() throws Exception {
        app = RunningApp.start(AppPaths.under(home)).createAccount("ada");

        app.press(KeyCode.CONTROL, KeyCode.L);
        waitFor("the link code", () -> onFx(() -> app.robot().lookup("#qrCode").tryQuery()
                .map(node -> ((ImageView) node).getImage() != null).orElse(false)));
        String scanned = scanQrCode();

        // the tracker is made before the connection starts, so it sees the hello the phone logs in with
        Online online = LiveConnections.open(app.services().connection().orElseThrow().uri(),
                connection -> new Online(connection, new ServerHelloTracker(connection)));
        phoneConnection = online.connection();
        phoneHellos = online.hellos();
        SecureRandom random = new SecureRandom();
        DeviceJoining joining = new DeviceJoining(phoneConnection, phoneHellos, DeviceKeyGenerator.standard(),
                Clock.systemUTC(), random, executor);
        String phoneCode = joining.start(LinkInvitation.parse(scanned), "Ada's phone", "android")
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(new LinkedIdentityStore(
                new LocalIdentity(phoneData), RunningApp.CHEAP, random), PHONE_PASSPHRASE, Duration.ofSeconds(60));

        waitFor("the code to check", () -> app.visible("#checkCode"));
        assertEquals(phoneCode, app.text("#checkCode"));
        waitFor("Deny to have the focus", () -> dialogFocus().equals(Optional.of("deny")));
        app.press(KeyCode.TAB);
        waitFor("Approve to have the focus", () -> dialogFocus().equals(Optional.of("approve")));
        assertFalse(joined.isDone(), "nothing is linked before the person approves");
        app.press(KeyCode.SPACE);

        waitFor("the dialog to say it is linked", () -> app.visible("#linkedTitle"));
        phone = joined.get(60, TimeUnit.SECONDS);
        app.press(KeyCode.ESCAPE);
        waitFor("the dialog to close", () -> !app.visible("#linkDevice"));

        app.press(KeyCode.CONTROL, KeyCode.DIGIT2);
        waitFor("the phone on the Devices list", () -> app.visible("#device-" + phone.identity().deviceId()));
        assertEquals("Devices", app.section());
    }

    /** The id of what has the focus in the link dialog. */
    private Optional<String> dialogFocus() {
        return onFx(() -> Optional.ofNullable(app.robot().lookup("#linkDevice").query().getScene().getFocusOwner())
                .map(Node::getId));
    }

    /** Reads the QR code from the pixels of the image the dialog shows, as a phone's camera would. */
    private String scanQrCode() {
        return onFx(() -> {
            Image image = app.robot().lookup("#qrCode").<ImageView>query().getImage();
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            int[] argb = new int[width * height];
            image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
            try {
                return QrCode.decode(width, height, argb);
            } catch (IOException e) {
                // ZXing now and then misreads a pixel-perfect code at full size; a camera sees it smaller too
                return QrCode.decode(width / 2, height / 2, halved(argb, width, height));
            }
        });
    }

    /** Every other pixel of every other row: the code at half the size. */
    private static int[] halved(int[] argb, int width, int height) {
        int[] half = new int[(width / 2) * (height / 2)];
        for (int y = 0; y < height / 2; y++) {
            for (int x = 0; x < width / 2; x++) {
                half[y * (width / 2) + x] = argb[(2 * y) * width + 2 * x];
            }
        }
        return half;
    }
}
