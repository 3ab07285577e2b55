package chat.mz.app;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.crypto.Argon2Params;
import chat.mz.testing.LiveConnections;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

/**
 * Ada's phone, linked for real: the tour opens Devices → Link a device, pictures the QR code, and
 * this device scans it from the dialog's pixels, shows the same check code, and is approved in the
 * dialog, pictured at "Device found" before that. It stays online afterwards, so the devices list shows it as a linked, active device.
 */
final class ScreenshotPhone implements AutoCloseable {
    static final String NAME = "Ada's phone";
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final char[] PASSPHRASE = "the phone's own passphrase".toCharArray();
    private static final int PATIENCE_SECONDS = 30;

    private final TourScreen screen;
    private final URI homeserver;
    private final Path folder;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private HomeserverConnection connection;
    private ServerHelloTracker hellos;
    private DeviceJoining.Joined joined;

    /** @param folder where the phone keeps its keys */
    ScreenshotPhone(TourScreen screen, URI homeserver, Path folder) {
        this.screen = screen;
        this.homeserver = homeserver;
        this.folder = folder;
    }

    /**
     * Links the phone through the app's dialog, picturing the QR code, the device found and then the
     * devices list in {@code main}; fails unless the dialog shows the check code the phone computed.
     */
    void link(Scene main) throws Exception {
        screen.click("the Devices entry", "#nav-devices");
        screen.waitForNode("the devices list", "#devicesView");
        screen.click("the Link a device button", "#linkDeviceButton");
        Stage dialog = screen.window("Link a device");
        screen.waitFor("the QR code", () -> TourScreen.onFx(() -> screen.robot().lookup("#qrCode").tryQuery()
                .map(node -> ((ImageView) node).getImage() != null).orElse(false)));
        screen.shoot(dialog.getScene(), "link-device");

        String link = screen.scanQrCode("#qrCode");
        connection = LiveConnections.open(homeserver, opened -> {
            hellos = new ServerHelloTracker(opened);
            return opened;
        });
        DeviceJoining joining = new DeviceJoining(connection, hellos, DeviceKeyGenerator.standard(),
                Clock.systemUTC(), random, timers);
        String code = joining.start(LinkInvitation.parse(link), NAME, "android").toCompletableFuture()
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<DeviceJoining.Joined> linked = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(folder), CHEAP, random), PASSPHRASE,
                Duration.ofSeconds(PATIENCE_SECONDS));
        screen.waitForText("#checkCode", code);
        screen.shoot(dialog.getScene(), "link-device-found");
        screen.click("the Approve button", "#approve");
        screen.waitForNode("the Linked screen", "#linkedTitle");
        joined = linked.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        screen.click("the Close button", "#close");

        String card = "#device-" + joined.identity().deviceId();
        screen.click("the Refresh button", "#refreshDevices");
        screen.waitForNode("the phone in the devices list", card);
        screen.shoot(main, "devices");
    }

    @Override
    public void close() {
        if (joined != null) {
            joined.identity().close();
        }
        if (hellos != null) {
            hellos.close();
        }
        if (connection != null) {
            connection.close();
        }
        timers.shutdownNow();
    }
}
