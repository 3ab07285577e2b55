package chat.mz.ui.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.app.CoreDeviceAccount;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.DeviceActivityLookup;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.crypto.Argon2Params;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.LiveConnections;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
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
 * The Devices view on the real client core, headless: a homeserver on loopback, a desktop account
 * and a phone linked to it; the desktop sees both, itself marked, and revokes the phone after a
 * confirmation that names it; the phone is refused at its next login.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevicesViewTest {
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path serverData;
    @TempDir
    Path desktopData;
    @TempDir
    Path phoneData;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Stage stage;
    private Homeserver server;
    private HomeserverConnection desktopConnection;
    private HomeserverConnection phoneConnection;
    private UnlockedIdentity desktop;
    private UnlockedIdentity phone;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @BeforeEach
    void desktopAccountWithALinkedPhone() throws Exception {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData)
                .withMailboxWait(Duration.ofSeconds(1)), "test");
        Device desktopDevice = connect();
        desktopConnection = desktopDevice.connection();
        desktop = await(new AccountCreator(new LocalIdentity(desktopData), CHEAP, random, clock, executor)
                .create(desktopConnection, AccountCreator.Request.of("ada", null),
                        "correct horse battery staple".toCharArray()));
        opened.add(desktop);
        await(desktopDevice.login().login(desktop));

        DeviceAdding adding = new DeviceAdding(desktopConnection, desktop, clock, random, executor);
        LinkInvitation invitation = LinkInvitation.parse(await(adding.start()).url());
        Device phoneDevice = connect();
        phoneConnection = phoneDevice.connection();
        DeviceJoining joining = new DeviceJoining(phoneDevice.connection(), phoneDevice.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        await(joining.start(invitation, "Ada's phone", "android"));
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(phoneData), CHEAP, random),
                "another long passphrase".toCharArray(), PATIENCE);
        await(adding.approval()).approve();
        await(adding.added());
        phone = await(joined).identity();
        opened.add(phone);
    }

    @AfterEach
    void stop() throws Exception {
        onFx(() -> {
            stage.setScene(null);
            return null;
        });
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        server.close();
        executor.shutdownNow();
        background.shutdownNow();
    }

    @Test
    void showsBothDevicesWithTheDesktopMarkedAndNotRevocable(FxRobot robot) throws Exception {
        showView();

        assertEquals("Devices", text(robot, "#devicesTitle"));
        assertEquals(2, robot.lookup(".device-row").queryAll().size());
        Node desktopRow = robot.lookup("#device-" + desktop.deviceId()).query();
        Node phoneRow = robot.lookup("#device-" + phone.deviceId()).query();
        assertEquals(List.of("This device"), labels(robot, desktopRow, ".this-device"));
        assertTrue(robot.from(desktopRow).lookup(".revoke-device").queryAll().isEmpty(),
                "the desktop cannot revoke itself");
        assertTrue(labels(robot, phoneRow, ".this-device").isEmpty());
        assertEquals(List.of("Ada's phone"), labels(robot, phoneRow, ".device-name"));
        String details = labels(robot, phoneRow, ".device-details").get(0);
        assertTrue(details.startsWith("android · Linked on "), details);
        assertTrue(details.contains("Fingerprint "), details);
        assertEquals(1, robot.from(phoneRow).lookup(".revoke-device").queryAll().size());
        assertEquals("Revoke Ada's phone",
                onFx(() -> robot.from(phoneRow).lookup(".revoke-device").queryButton().getAccessibleText()));
    }

    @Test
    void eachDeviceSaysWhenTheHomeserverLastSawIt(FxRobot robot) throws Exception {
        showView();
        waitUntil(() -> !labels(robot, robot.lookup("#device-" + desktop.deviceId()).query(), ".device-last-seen")
                .isEmpty());

        Node desktopRow = robot.lookup("#device-" + desktop.deviceId()).query();
        assertEquals(List.of("Online now"), labels(robot, desktopRow, ".device-last-seen"));
        assertTrue(onFx(desktopRow::getAccessibleText).endsWith("Active. Online now"),
                onFx(desktopRow::getAccessibleText));

        // the phone signed in to finish linking; once it hangs up it was last seen a moment ago
        phoneConnection.close();
        waitUntil(() -> {
            onFx(() -> {
                robot.lookup("#refreshDevices").queryButton().fire();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            return labels(robot, robot.lookup("#device-" + phone.deviceId()).query(), ".device-last-seen")
                    .equals(List.of("Last seen just now"));
        });
        assertFalse(onFx(() -> robot.lookup("#devicesHint").query().isVisible()),
                "no hint on the authorized device now that last seen is shown");
    }

    @Test
    void revokingThePhoneAsksByNameThenSignsItOutForGood(FxRobot robot) throws Exception {
        showView();
        Node phoneRow = robot.lookup("#device-" + phone.deviceId()).query();
        Button revoke = robot.from(phoneRow).lookup(".revoke-device").queryButton();

        robot.clickOn(revoke);
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(onFx(() -> robot.lookup("#revokeConfirmation").query().isVisible()));
        assertEquals("Revoke “Ada's phone”? It will be signed out at once and can't be used with this account until "
                + "it is linked again.", text(robot, "#revokeQuestion"));
        assertTrue(onFx(() -> robot.lookup("#cancelRevoke").queryButton().isFocused()),
                "the safe choice has the focus");

        robot.clickOn("#confirmRevoke");
        waitUntil(() -> onFx(() -> {
            Node row = robot.lookup("#device-" + phone.deviceId()).query();
            return row != null && ((DeviceRow) row.getUserData()).revoked()
                    && !robot.lookup("#devicesLoading").query().isVisible();
        }));

        Node revokedRow = robot.lookup("#device-" + phone.deviceId()).query();
        assertTrue(labels(robot, revokedRow, ".device-status").get(0).startsWith("Revoked on "));
        assertEquals(List.of("Ada's phone"), labels(robot, revokedRow, ".device-name"));
        assertTrue(robot.from(revokedRow).lookup(".revoke-device").queryAll().isEmpty());
        assertFalse(onFx(() -> robot.lookup("#revokeConfirmation").query().isVisible()));
        assertEquals("", text(robot, "#devicesError"));

        RpcException refused = refusal(connect().login().login(phone));
        assertTrue(refused.is(ErrorCode.DEVICE_REVOKED), refused.getMessage());
        assertEquals(1205, refused.error().code());
    }

    @Test
    void cancellingKeepsThePhone(FxRobot robot) throws Exception {
        showView();
        Node phoneRow = robot.lookup("#device-" + phone.deviceId()).query();
        robot.clickOn(robot.from(phoneRow).lookup(".revoke-device").queryButton());
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#cancelRevoke");
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(onFx(() -> robot.lookup("#revokeConfirmation").query().isVisible()));
        assertFalse(onFx(() -> ((DeviceRow) robot.lookup("#device-" + phone.deviceId()).query().getUserData())
                .revoked()));
        assertEquals(2, (await(new DeviceDirectory(desktopConnection, clock).byUserId(desktop.userId(), 0)))
                .devices().size(), "the homeserver still lists both");
    }

    private void showView() throws Exception {
        DeviceAccount account = new CoreDeviceAccount(new DeviceDirectory(desktopConnection, clock),
                new DeviceManager(desktopConnection, clock), desktop, new DeviceActivityLookup(desktopConnection),
                null);
        DevicesViewModel viewModel = new DevicesViewModel(account, Platform::runLater, background, clock);
        onFx(() -> {
            stage.setScene(new Scene(new DevicesView(viewModel), 800, 600));
            stage.show();
            return null;
        });
        waitUntil(() -> onFx(() -> viewModel.rows().size() == 2 && !viewModel.loadingProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A connection to the homeserver and its hello tracker, made before it starts so no hello is missed. */
    private record Device(HomeserverConnection connection, ServerHelloTracker hellos) {
        DeviceLogin login() {
            return new DeviceLogin(connection, hellos);
        }
    }

    private Device connect() throws InterruptedException {
        HomeserverConnection connection = new HomeserverConnection(server.uri(), clock,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)),
                LiveConnections.CALL_TIMEOUT);
        ServerHelloTracker hellos = new ServerHelloTracker(connection);
        opened.add(connection::close);
        opened.add(hellos::close);
        CountDownLatch connected = new CountDownLatch(1);
        connection.states().subscribe(state -> {
            if (state instanceof ConnectionState.Connected) {
                connected.countDown();
            }
        });
        connection.start();
        assertTrue(connected.await(10, TimeUnit.SECONDS), "no connection to " + server.uri());
        return new Device(connection, hellos);
    }

    private static List<String> labels(FxRobot robot, Node within, String query) throws Exception {
        return onFx(() -> robot.from(within).lookup(query).queryAll().stream()
                .map(node -> ((Label) node).getText()).toList());
    }

    private static String text(FxRobot robot, String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(cause);
        }
    }

    private static RpcException refusal(java.util.concurrent.CompletionStage<?> stage) throws Exception {
        try {
            Object value = stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the revoked phone logged in: " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RpcException rpc) {
                return rpc;
            }
            throw new AssertionError("expected a refusal, got " + cause, cause);
        }
    }
}
