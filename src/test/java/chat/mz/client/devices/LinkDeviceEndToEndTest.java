package chat.mz.client.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkApproval;
import chat.mz.client.pairing.LinkException;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.crypto.Argon2Params;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.DeviceRevoked;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.LiveConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client core links a device for real, with no stand-ins: a desktop account (real K_id), a
 * headless new device answering its link, the device storing its keystore and logging in, the
 * desktop's verified device list naming it, and the desktop revoking it again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkDeviceEndToEndTest {
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
    private Homeserver server;
    private UnlockedIdentity desktop;
    private Device desktopDevice;

    private record Device(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        DeviceLogin login() {
            return new DeviceLogin(connection, hellos);
        }

        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }

    @BeforeEach
    void createAccount() throws Exception {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData)
                .withMailboxWait(Duration.ofSeconds(1)), "test");
        desktopDevice = connect();
        desktop = await(new AccountCreator(new LocalIdentity(desktopData), CHEAP, random, clock, executor)
                .create(desktopDevice.connection(), AccountCreator.Request.of("ada", null), DESKTOP_PASSPHRASE));
        await(desktopDevice.login().login(desktop));
    }

    @AfterEach
    void stop() throws Exception {
        desktop.close();
        for (AutoCloseable each : opened) {
            each.close();
        }
        server.close();
        executor.shutdownNow();
    }

    @Test
    void linkLogInListRevoke() throws Exception {
        DeviceAdding adding = new DeviceAdding(desktopDevice.connection(), desktop, clock, random, executor);
        // the new device gets the link as text (a QR code's contents), not the object
        LinkInvitation invitation = LinkInvitation.parse(await(adding.start()).url());
        assertEquals(server.uri(), invitation.websocketUri());

        Device phoneDevice = connect();
        DeviceJoining joining = new DeviceJoining(phoneDevice.connection(), phoneDevice.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        String phoneCode = await(joining.start(invitation, "Test phone", "android"));
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(phoneData), CHEAP, random), PHONE_PASSPHRASE, PATIENCE);

        LinkApproval approval = await(adding.approval());
        assertEquals(phoneCode, approval.checkCode());
        assertEquals("Test phone", approval.deviceName());
        assertEquals("android", approval.platform());
        assertFalse(joined.isDone(), "nothing is stored before the person approves");
        approval.approve();

        DeviceAdding.Added added = await(adding.added());
        assertEquals(2, added.deviceListVersion());
        DeviceJoining.Joined phone = await(joined);
        opened.add(phone.identity());
        String phoneId = phone.identity().deviceId();
        assertEquals(added.device().certificate().body().deviceId(), phoneId);
        assertEquals(desktop.userId(), phone.login().userId());
        assertEquals("ada", phone.login().username());
        assertEquals(phoneId, phone.login().deviceId());
        assertEquals(2, phone.login().deviceListVersion());
        assertFalse(phone.identity().holdsRootKey(), "the root key never leaves the desktop");
        assertArrayEquals(desktop.rootPublicKey(), phone.identity().rootPublicKey());

        // what the phone stored: sealed keys and certificate, facts naming the invitation's homeserver
        LocalIdentity phoneLocal = new LocalIdentity(phoneData);
        assertEquals(new AccountFacts(server.uri(), desktop.userId(), "ada", phoneId, "Test phone"), phoneLocal.facts());
        assertFalse(new String(Files.readAllBytes(phoneLocal.keystoreFile()), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("Test phone"), "the keystore is sealed");
        try (UnlockedIdentity reopened = phoneLocal.unlock(PHONE_PASSPHRASE)) {
            assertFalse(reopened.holdsRootKey());
            assertArrayEquals(phone.identity().certificate().encode(), reopened.certificate().encode());
            assertTrue(reopened.certificate().deviceSignature() != null, "the stored certificate is countersigned");
        }
        // a linked device cannot add devices
        assertThrows(IllegalStateException.class,
                () -> new DeviceAdding(phoneDevice.connection(), phone.identity(), clock, random, executor));

        VerifiedDevices devices = await(new DeviceDirectory(desktopDevice.connection(), clock)
                .byUserId(desktop.userId(), 2));
        assertEquals(2, devices.deviceList().body().version());
        assertEquals(java.util.Set.of(desktop.deviceId(), phoneId),
                devices.devices().stream().map(c -> c.body().deviceId()).collect(java.util.stream.Collectors.toSet()));
        DeviceCertificate listed = devices.devices().stream().filter(c -> c.body().deviceId().equals(phoneId))
                .findFirst().orElseThrow();
        assertEquals("Test phone", listed.body().deviceName());
        assertArrayEquals(phone.identity().certificate().encode(), listed.encode(),
                "the homeserver holds the countersigned certificate");

        // revoke: the phone's live connection is told and closed for good, its next login refused
        BlockingQueue<DeviceRevoked> told = new LinkedBlockingQueue<>();
        phoneDevice.connection().on(Methods.DEVICE_REVOKED, told::add);
        assertEquals(3, await(new DeviceManager(desktopDevice.connection(), clock)
                .revoke(desktop, phoneId, "lost")).deviceListVersion());
        assertEquals(new DeviceRevoked(phoneId, "lost"), told.poll(10, TimeUnit.SECONDS));
        ConnectionState.Disconnected ended =
                LiveConnections.awaitState(phoneDevice.connection(), ConnectionState.Disconnected.class);
        assertEquals("This device was revoked.", ended.reason());
        assertNull(ended.retryAt(), "a revoked device does not reconnect");

        Device again = connect();
        RpcException refused = assertThrows(RpcException.class, () -> await(again.login().login(phone.identity())));
        assertTrue(refused.is(ErrorCode.DEVICE_REVOKED), refused.getMessage());
        assertEquals(1205, refused.error().code());

        VerifiedDevices after = await(new DeviceDirectory(desktopDevice.connection(), clock)
                .byUserId(desktop.userId(), 3));
        assertEquals(List.of(desktop.deviceId()), after.devices().stream().map(c -> c.body().deviceId()).toList());
        assertEquals(phoneId, after.revocations().get(0).body().deviceId());
    }

    @Test
    void deniedLinkStoresNothingAndPublishesNothing() throws Exception {
        DeviceAdding adding = new DeviceAdding(desktopDevice.connection(), desktop, clock, random, executor);
        LinkInvitation invitation = await(adding.start());
        Device phoneDevice = connect();
        DeviceJoining joining = new DeviceJoining(phoneDevice.connection(), phoneDevice.hellos(),
                DeviceKeyGenerator.standard(), clock, random, executor);
        joining.start(invitation, "Test phone", "android");
        CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(phoneData), CHEAP, random), PHONE_PASSPHRASE, PATIENCE);
        await(adding.approval()).deny();

        assertEquals("Linking was denied.", failure(adding.added()).getMessage());
        assertEquals("Linking was denied on the other device.", failure(joined).getMessage());
        assertFalse(new LocalIdentity(phoneData).exists(), "a denied device stores nothing");
        assertEquals(1, await(new DeviceDirectory(desktopDevice.connection(), clock)
                .byUserId(desktop.userId(), 1)).deviceList().body().version());
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

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("failed: " + cause, cause);
        }
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure but got " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof LinkException, String.valueOf(cause));
            return cause;
        } catch (TimeoutException e) {
            throw new AssertionError("no failure within " + PATIENCE, e);
        }
    }
}
