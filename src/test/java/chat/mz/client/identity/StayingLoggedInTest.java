package chat.mz.client.identity;

import static chat.mz.testing.LiveConnections.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.Subscription;
import chat.mz.client.connection.ConnectionState;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.Ids;
import chat.mz.identity.IdentitySecrets;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.DeviceRevoked;
import chat.mz.testing.LiveConnections;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device logs in again by itself after its connection comes back (the server restarted with
 * its accounts), and gives up for good once the account's authorized device revokes it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StayingLoggedInTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path serverData;
    @TempDir
    Path clientData;

    private ClientWorld world;
    private UnlockedIdentity desktop;
    private ClientWorld.Device desktopDevice;

    @BeforeEach
    void createAccount() throws Exception {
        world = new ClientWorld(serverData);
        desktopDevice = world.connect();
        desktop = await(world.creator(clientData).create(desktopDevice.connection(),
                AccountCreator.Request.of("ada", null), PASSPHRASE));
    }

    @AfterEach
    void stop() throws Exception {
        desktop.close();
        world.close();
    }

    @Test
    void logsInAgainAfterTheHomeserverRestarts() throws Exception {
        BlockingQueue<LoginOutcome> outcomes = new LinkedBlockingQueue<>();
        try (Subscription kept = desktopDevice.login().keepLoggedIn(desktop, outcomes::add)) {
            LoginOutcome first = next(outcomes);
            assertTrue(first.loggedIn(), String.valueOf(first.failure()));

            world.restart();
            LoginOutcome second = next(outcomes);
            assertTrue(second.loggedIn(), String.valueOf(second.failure()));
            assertEquals(1, world.server().accounts().liveConnections(desktop.userId(), desktop.deviceId()));
        }
    }

    @Test
    void aRevokedDeviceIsToldAndStopsLoggingIn() throws Exception {
        await(desktopDevice.login().login(desktop));
        DeviceManager manager = new DeviceManager(desktopDevice.connection(), java.time.Clock.systemUTC());

        // a second device, linked by hand the way the link flow will: K_id issues, the device accepts
        Ed25519KeyPair phoneKey = Ed25519.generate(world.random);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DeviceCertificate issued = desktop.issue(new DeviceCertificate.Body(DeviceCertificate.VERSION,
                desktop.userId(), Ids.random(world.random), "ada's phone", "android", phoneKey.publicKey(),
                desktop.certificate().body().encryptionKey(), desktop.certificate().body().encryptionAlg(), now,
                now.plus(DeviceCertificate.DEFAULT_LIFETIME)));
        assertEquals(2, await(manager.publish(desktop, issued)).deviceListVersion());
        DeviceCertificate accepted = issued.countersign(phoneKey.privateKey());
        UnlockedIdentity phone = new UnlockedIdentity(new IdentitySecrets(null, phoneKey.privateKey(), new byte[] {1},
                accepted, "ada", desktop.rootPublicKey()), desktop.facts());

        ClientWorld.Device phoneDevice = world.connect();
        BlockingQueue<DeviceRevoked> told = new LinkedBlockingQueue<>();
        phoneDevice.connection().on(Methods.DEVICE_REVOKED, told::add);
        BlockingQueue<LoginOutcome> outcomes = new LinkedBlockingQueue<>();
        try (Subscription kept = phoneDevice.login().keepLoggedIn(phone, outcomes::add)) {
            assertTrue(next(outcomes).loggedIn());

            assertEquals(3, await(manager.revoke(desktop, accepted.body().deviceId(), "lost")).deviceListVersion());
            assertEquals(new DeviceRevoked(accepted.body().deviceId(), "lost"), told.poll(10, TimeUnit.SECONDS));
            // the server closes the revoked device's connection for good: no reconnect, no new login
            ConnectionState.Disconnected ended =
                LiveConnections.awaitState(phoneDevice.connection(), ConnectionState.Disconnected.class);
            assertEquals("This device was revoked.", ended.reason());
            assertNull(ended.retryAt(), "a revoked device does not retry");
            assertNull(outcomes.poll(300, TimeUnit.MILLISECONDS), "no more attempts after a revocation");

            ClientWorld.Device again = world.connect();
            RpcException refused = assertThrows(RpcException.class, () -> await(again.login().login(phone)));
            assertTrue(refused.is(ErrorCode.DEVICE_REVOKED), refused.getMessage());
        } finally {
            phone.close();
        }
        VerifiedDevices devices = await(new DeviceDirectory(desktopDevice.connection(), java.time.Clock.systemUTC())
                .byUserId(desktop.userId(), 3));
        assertEquals(1, devices.devices().size());
        assertEquals(1, devices.revocations().size());
    }

    private static LoginOutcome next(BlockingQueue<LoginOutcome> outcomes) throws InterruptedException {
        LoginOutcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no login attempt within 10 s");
        }
        return outcome;
    }
}
