package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
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
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The desktop app linked to an account whose authorized device revokes it, over a real homeserver on
 * loopback: the status bar stops saying "Connected" and says what happened, at once and at the next
 * start.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceRevokedStatusTest {
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PASSPHRASE = "the desktop's own passphrase";
    private static final String REVOKED = "This device was revoked. Link it again to use it.";

    @TempDir
    Path home;
    @TempDir
    Path ownerData;
    @TempDir
    Path serverData;

    private final FxRobot robot = new FxRobot();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Homeserver server;
    private HomeserverConnection ownerConnection;
    private UnlockedIdentity owner;
    private String desktopId;
    private Application app;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    /** An account made elsewhere (its authorized device), and this desktop linked to it. */
    @BeforeEach
    void desktopLinkedToAnAccount() throws Exception {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData)
                .withMailboxWait(Duration.ofSeconds(1)), "test");
        Connected ownerSide = connect();
        ownerConnection = ownerSide.connection();
        owner = await(new AccountCreator(new LocalIdentity(ownerData), CHEAP, random, clock, executor)
                .create(ownerConnection, AccountCreator.Request.of("ada", null), "the owner's passphrase".toCharArray()));
        opened.add(owner);
        await(new DeviceLogin(ownerConnection, ownerSide.hellos()).login(owner));

        AppPaths paths = AppPaths.under(home);
        paths.create();
        DeviceAdding adding = new DeviceAdding(ownerConnection, owner, clock, random, executor);
        LinkInvitation invitation = LinkInvitation.parse(await(adding.start()).url());
        Connected joiningSide = connect();
        DeviceJoining joining = new DeviceJoining(joiningSide.connection(), joiningSide.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        await(joining.start(invitation, "Ada's desktop", "linux"));
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(paths.data()), CHEAP, random), PASSPHRASE.toCharArray(),
                PATIENCE);
        await(adding.approval()).approve();
        await(adding.added());
        UnlockedIdentity linked = await(joined).identity();
        desktopId = linked.deviceId();
        linked.close();
        joiningSide.close();

        new SettingsStore(paths.settingsFile()).save(Settings.defaults().withHomeserver(server.uri()));
    }

    @AfterEach
    void stop() throws Exception {
        closeApp();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        server.close();
        executor.shutdownNow();
    }

    @Test
    void aRevokedDesktopSaysSoInsteadOfConnected() throws Exception {
        startAndUnlock();
        DesktopServices services = ((DesktopApplication) app).services();
        waitFor("the desktop to log in", () -> services.lastLogin().map(o -> o.loggedIn()).orElse(false));
        waitForStatus("Connected");

        await(new DeviceManager(ownerConnection, clock).revoke(owner, desktopId, "lost"));

        waitForStatus(REVOKED);
        assertTrue(onFx(() -> robot.lookup("#connectionStatus").query().getPseudoClassStates().stream()
                .anyMatch(state -> state.getPseudoClassName().equals("danger"))), "shown as an error");

        // the next start: the connection is up, but the homeserver refuses the login
        closeApp();
        startAndUnlock();
        DesktopServices again = ((DesktopApplication) app).services();
        waitFor("the refused login", () -> again.lastLogin().map(o -> o.revoked()).orElse(false));
        waitForStatus(REVOKED);
    }

    private void startAndUnlock() throws Exception {
        app = FxToolkit.setupApplication(() -> new DesktopApplication(AppPaths.under(home),
                () -> {
                    throw new AssertionError("the configured homeserver is used, no embedded one");
                }, CHEAP));
        waitFor("the unlock screen", () -> robot.lookup("#unlockPassphrase").tryQuery().isPresent());
        robot.clickOn("#unlockPassphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
    }

    private void closeApp() throws TimeoutException {
        FxToolkit.cleanupStages();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app = null;
        }
    }

    private record Connected(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }

    private Connected connect() throws InterruptedException {
        HomeserverConnection connection = new HomeserverConnection(server.uri(), clock,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)),
                LiveConnections.CALL_TIMEOUT);
        ServerHelloTracker hellos = new ServerHelloTracker(connection);
        Connected connected = new Connected(connection, hellos);
        opened.add(connected);
        CountDownLatch up = new CountDownLatch(1);
        connection.states().subscribe(state -> {
            if (state instanceof ConnectionState.Connected) {
                up.countDown();
            }
        });
        connection.start();
        assertTrue(up.await(10, TimeUnit.SECONDS), "no connection to " + server.uri());
        return connected;
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what, e);
        }
    }

    private void waitForStatus(String expected) {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS,
                    () -> expected.equals(text("#connectionStatus")));
        } catch (TimeoutException e) {
            String now;
            try {
                now = text("#connectionStatus");
            } catch (Exception unreadable) {
                now = "(unreadable: " + unreadable + ")";
            }
            throw new AssertionError("The status bar never read \"" + expected + "\"; it reads \"" + now + "\"", e);
        }
    }

    private String text(String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError(e.getCause());
        }
    }
}
