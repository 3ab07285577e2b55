package chat.mz.client.identity;

import static chat.mz.testing.LiveConnections.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.IdentityException;
import chat.mz.identity.IdentitySecrets;
import chat.mz.identity.Keystore;
import chat.mz.identity.KeystoreException;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.LoginResult;
import chat.mz.testing.LiveConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device creates its account, logs in and looks itself up, through the client core only; and its
 * files refuse what they should.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccountLifecycleTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path serverData;
    @TempDir
    Path clientData;

    private ClientWorld world;

    @BeforeEach
    void start() {
        world = new ClientWorld(serverData);
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void createsLogsInAndFindsItselfVerified(@TempDir Path otherDevice) throws Exception {
        ClientWorld.Device desktop = world.connect();
        LocalIdentity local = new LocalIdentity(clientData);
        String userId;
        UnlockedIdentity created = await(world.creator(clientData).create(desktop.connection(),
                AccountCreator.Request.of("Ada", null), PASSPHRASE));
        try (UnlockedIdentity identity = created) {
            userId = identity.userId();
            assertEquals("ada", identity.username());
            assertEquals("ada's desktop", identity.facts().deviceName());
            assertTrue(identity.holdsRootKey());
            assertEquals(world.server().uri(), local.facts().homeserver());
            assertEquals(identity.deviceId(), local.facts().deviceId());
            assertTrue(Files.exists(local.keystoreFile()));
            assertFalse(Files.exists(local.pendingKeystore().file()), "the pending keystore was moved into place");

            LoginResult login = await(desktop.login().login(identity));
            assertEquals(new LoginResult(userId, "ada", identity.deviceId(), 1), login);

            VerifiedDevices devices = await(new DeviceDirectory(world.connect().connection(),
                    java.time.Clock.systemUTC()).byUsername("ada"));
            assertEquals(userId, devices.userId());
            assertEquals(1, devices.devices().size());
            assertArrayEquals(identity.certificate().encode(), devices.devices().get(0).encode());
            assertArrayEquals(identity.rootPublicKey(), devices.rootPublicKey());
        }

        assertThrows(IllegalStateException.class, () -> created.loginParams("x", new byte[32]),
                "a closed identity has wiped its keys and signs nothing");

        // the same name from another device: refused, and that device keeps no keystore
        Throwable failure = LiveConnections.failure(world.creator(otherDevice).create(world.connect().connection(),
                AccountCreator.Request.of("ADA", null), PASSPHRASE), Duration.ofSeconds(10));
        RpcException taken = assertInstanceOf(RpcException.class, unwrap(failure));
        assertTrue(taken.is(ErrorCode.USERNAME_TAKEN), taken.getMessage());
        assertFalse(new LocalIdentity(otherDevice).exists());
        try (Stream<Path> files = Files.list(otherDevice)) {
            assertEquals(0, files.count(), "not even a pending keystore is left");
        }

        // unlocking again from the files alone
        try (UnlockedIdentity again = local.unlock(PASSPHRASE)) {
            assertEquals(userId, again.userId());
            assertEquals(1, await(world.connect().login().login(again)).deviceListVersion());
        }
    }

    @Test
    void theFilesGuardTheAccount() throws Exception {
        LocalIdentity local = new LocalIdentity(clientData);
        UnlockedIdentity ada = await(world.creator(clientData).create(world.connect().connection(),
                AccountCreator.Request.of("ada", null), PASSPHRASE));
        byte[] before = Files.readAllBytes(local.keystoreFile());

        // a wrong passphrase says so and changes nothing
        KeystoreException wrong = assertThrows(KeystoreException.class, () -> local.unlock("guess".toCharArray()));
        assertEquals(KeystoreException.Reason.WRONG_PASSPHRASE, wrong.reason());
        assertEquals("The passphrase is wrong. Nothing was changed.", wrong.getMessage());
        assertArrayEquals(before, Files.readAllBytes(local.keystoreFile()));

        // a device with an account cannot create another (refused before any key is made)
        Throwable again = LiveConnections.failure(world.creator(clientData).create(world.connect().connection(),
                AccountCreator.Request.of("bob", null), PASSPHRASE), Duration.ofSeconds(10));
        assertInstanceOf(IllegalStateException.class, unwrap(again));
        assertEquals("ada", local.facts().username());
        assertArrayEquals(before, Files.readAllBytes(local.keystoreFile()));

        // a keystore swapped for another device's is refused, even with the right passphrase
        Ed25519KeyPair otherKey = Ed25519.generate(world.random);
        IdentitySecrets other = new IdentitySecrets(null, otherKey.privateKey(), new byte[] {1},
                DeviceCertificate.issue(new DeviceCertificate.Body(DeviceCertificate.VERSION, ada.userId(), "other",
                        "other", "linux", otherKey.publicKey(), new byte[] {1}, "x", Instant.now(),
                        Instant.now().plusSeconds(60)), otherKey.privateKey()), "ada", ada.rootPublicKey());
        new Keystore(local.keystoreFile()).seal(other.encode(), PASSPHRASE, ClientWorld.CHEAP, world.random);
        assertThrows(IdentityException.class, () -> local.unlock(PASSPHRASE));
        ada.close();
    }

    @Test
    void platformLabels() {
        assertEquals("linux", AccountCreator.platform("Linux"));
        assertEquals("windows", AccountCreator.platform("Windows 11"));
        assertEquals("macos", AccountCreator.platform("Mac OS X"));
        assertEquals("freebsd", AccountCreator.platform("FreeBSD"));
        assertEquals("desktop", AccountCreator.platform(""));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
