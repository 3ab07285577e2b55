package chat.mz.server.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.LoginProof;
import chat.mz.identity.UserIds;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.account.LoginResult;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.protocol.account.RegisterResult;
import chat.mz.server.account.TestHomeserver.Client;
import chat.mz.server.account.TestIdentities.Account;
import chat.mz.server.account.TestIdentities.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Register}, {@code Login} and {@code GetDevices} against a real homeserver with its H2 file. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegisterAndLoginTest {
    @TempDir
    Path data;

    private final TestIdentities identities = new TestIdentities(1);
    private TestHomeserver homeserver;
    private Client client;
    private Instant now;

    @BeforeEach
    void start() throws Exception {
        homeserver = new TestHomeserver(data);
        client = homeserver.connect();
        now = homeserver.clock.instant();
    }

    @AfterEach
    void stop() throws Exception {
        homeserver.close();
    }

    @Test
    void registersLogsInAndServesTheDevicesToAnyone() throws Exception {
        Account ada = identities.account("Ada.Lovelace", now);
        RegisterResult registered = client.call(Methods.REGISTER, ada.registerParams());
        assertEquals(ada.userId(), registered.userId());
        assertEquals("ada.lovelace", registered.username(), "usernames are stored in lower case");

        LoginResult login = client.login(ada.userId(), ada.first());
        assertEquals(new LoginResult(ada.userId(), "ada.lovelace", ada.first().id(), 1), login);
        assertEquals(1, homeserver.server().accounts().liveConnections(ada.userId(), ada.first().id()));

        Client stranger = homeserver.connect();
        GetDevicesResult byName = stranger.call(Methods.GET_DEVICES, GetDevicesParams.byUsername("ADA.lovelace"));
        GetDevicesResult byId = stranger.call(Methods.GET_DEVICES, GetDevicesParams.byUserId(ada.userId()));
        for (GetDevicesResult devices : List.of(byName, byId)) {
            assertEquals(ada.userId(), devices.userId());
            assertArrayEquals(ada.root().publicKey(), devices.rootPublicKey());
            assertArrayEquals(ada.list().encode(), devices.deviceList());
            assertEquals(1, devices.certificates().size());
            assertArrayEquals(ada.first().certificate().encode(), devices.certificates().get(0));
            assertEquals(List.of(), devices.revocations());
        }
        stranger.refused(Methods.GET_DEVICES, GetDevicesParams.byUsername("nobody"), ErrorCode.UNKNOWN_USER);
        stranger.refused(Methods.GET_DEVICES, new GetDevicesParams(ada.userId(), "ada"), ErrorCode.INVALID_PARAMS);
        stranger.refused(Methods.GET_DEVICES, new GetDevicesParams(null, null), ErrorCode.INVALID_PARAMS);
    }

    @Test
    void aTakenUsernameOrIdentityKeyIsRefused() throws Exception {
        Account ada = identities.account("ada", now);
        client.call(Methods.REGISTER, ada.registerParams());

        Account impostor = identities.account(" ADA ", now);
        RpcException taken = client.refused(Methods.REGISTER, impostor.registerParams(), ErrorCode.USERNAME_TAKEN);
        assertEquals("That username is taken. Choose another one.", taken.getMessage());

        RegisterParams sameKey = new RegisterParams("ada2", ada.root().publicKey(), ada.first().certificate().encode(),
                ada.list().encode());
        RpcException again = client.refused(Methods.REGISTER, sameKey, ErrorCode.USERNAME_TAKEN);
        assertTrue(again.getMessage().contains("identity key has an account"), again.getMessage());
        client.refused(Methods.GET_DEVICES, GetDevicesParams.byUsername("ada2"), ErrorCode.UNKNOWN_USER);
    }

    @Test
    void anInvalidUsernameIsRefusedWithTheRule() throws Exception {
        for (String name : List.of("ab", "ada lovelace", "-ada", "a".repeat(33), "ädä")) {
            RpcException e = client.refused(Methods.REGISTER, identities.account(name, now).registerParams(),
                    ErrorCode.USERNAME_INVALID);
            assertTrue(e.getMessage().startsWith("A username has 3 to 32 characters"), e.getMessage());
        }
    }

    @Test
    void certificatesAndListsThatDoNotCheckOutAreRefused() throws Exception {
        Account ada = identities.account("ada", now);
        Account eve = identities.account("eve", now);

        // the device certificate signed by another identity key (Eve's) for Ada's user id
        Device forged = identities.device(eve.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        RpcException signedByAnother = client.refused(Methods.REGISTER, new RegisterParams("ada",
                ada.root().publicKey(), forged.certificate().encode(),
                DeviceList.first(forged.certificate(), now, ada.root().privateKey()).encode()), ErrorCode.IDENTITY_INVALID);
        assertEquals("This certificate was not signed by the account's identity key.", signedByAnother.getMessage());

        // Eve's own certificate (another user) presented with Ada's key
        RpcException otherUser = client.refused(Methods.REGISTER, new RegisterParams("ada", ada.root().publicKey(),
                eve.first().certificate().encode(), ada.list().encode()), ErrorCode.IDENTITY_INVALID);
        assertEquals("This certificate belongs to another account.", otherUser.getMessage());

        // a list that names another device, one of version 2, and one signed by another key
        Device other = identities.device(ada.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        for (DeviceList list : List.of(
                DeviceList.first(other.certificate(), now, ada.root().privateKey()),
                DeviceList.sign(new DeviceList.Body(ada.userId(), 2, now,
                        List.of(DeviceList.Entry.of(ada.first().certificate()))), ada.root().privateKey()),
                DeviceList.first(ada.first().certificate(), now, eve.root().privateKey()),
                ada.list().with(other.certificate(), now, ada.root().privateKey()))) {
            client.refused(Methods.REGISTER, new RegisterParams("ada", ada.root().publicKey(),
                    ada.first().certificate().encode(), list.encode()), ErrorCode.IDENTITY_INVALID);
        }
        // a certificate the device never countersigned
        DeviceCertificate issuedOnly = DeviceCertificate.issue(ada.first().certificate().body(), ada.root().privateKey());
        client.refused(Methods.REGISTER, new RegisterParams("ada", ada.root().publicKey(), issuedOnly.encode(),
                ada.list().encode()), ErrorCode.IDENTITY_INVALID);
        // garbage where a certificate should be
        client.refused(Methods.REGISTER, new RegisterParams("ada", ada.root().publicKey(), new byte[] {1, 2, 3},
                ada.list().encode()), ErrorCode.IDENTITY_INVALID);

        client.refused(Methods.GET_DEVICES, GetDevicesParams.byUsername("ada"), ErrorCode.UNKNOWN_USER);
        client.call(Methods.REGISTER, ada.registerParams());
    }

    @Test
    void loginRefusesBadProofsReplaysStrangersAndSecondLogins() throws Exception {
        Account ada = identities.account("ada", now);
        client.call(Methods.REGISTER, ada.registerParams());
        LoginParams good = client.loginParams(ada.userId(), ada.first());

        // signed by another key
        Device stranger = identities.device(ada.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        ServerHello hello = client.hello();
        LoginParams wrongKey = new LoginParams(ada.userId(), ada.first().id(), good.certificate(),
                LoginProof.sign(stranger.keys().privateKey(), hello.serverName(), hello.loginNonce(), ada.userId(),
                        ada.first().id()));
        client.refused(Methods.LOGIN, wrongKey, ErrorCode.LOGIN_FAILED);

        // signed for another server name
        LoginParams otherServer = new LoginParams(ada.userId(), ada.first().id(), good.certificate(),
                LoginProof.sign(ada.first().keys().privateKey(), "chat.example.org", hello.loginNonce(), ada.userId(),
                        ada.first().id()));
        client.refused(Methods.LOGIN, otherServer, ErrorCode.LOGIN_FAILED);

        // a valid certificate of the account that is not on its list
        client.refused(Methods.LOGIN, client.loginParams(ada.userId(), stranger), ErrorCode.LOGIN_FAILED);

        // a proof made for another connection's nonce is worthless here (replay)
        Client other = homeserver.connect();
        other.refused(Methods.LOGIN, good, ErrorCode.LOGIN_FAILED);

        // unknown account, and a certificate that names another device
        client.refused(Methods.LOGIN, new LoginParams(UserIds.fromRootKey(identities.keyPair().publicKey()),
                ada.first().id(), good.certificate(), good.signature()), ErrorCode.UNKNOWN_USER);
        client.refused(Methods.LOGIN, new LoginParams(ada.userId(), stranger.id(), good.certificate(),
                good.signature()), ErrorCode.IDENTITY_INVALID);

        // the proof for this connection works, once
        assertEquals(ada.first().id(), client.call(Methods.LOGIN, good).deviceId());
        RpcException second = client.refused(Methods.LOGIN, good, ErrorCode.LOGIN_FAILED);
        assertTrue(second.getMessage().contains("logged in already"), second.getMessage());
    }

    @Test
    void anExpiredCertificateCannotLogIn() throws Exception {
        Account ada = identities.account("ada", now);
        client.call(Methods.REGISTER, ada.registerParams());
        homeserver.clock.advance(DeviceCertificate.DEFAULT_LIFETIME.plus(Duration.ofSeconds(1)));

        RpcException expired = client.refused(Methods.LOGIN, client.loginParams(ada.userId(), ada.first()),
                ErrorCode.IDENTITY_INVALID);
        assertEquals("This device's certificate has expired.", expired.getMessage());
    }

    @Test
    void theCountersignedCertificateReplacesTheIssuedOneAtLogin() throws Exception {
        Account ada = identities.account("ada", now);
        client.call(Methods.REGISTER, ada.registerParams());
        client.login(ada.userId(), ada.first());
        Device phone = identities.device(ada.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        DeviceCertificate issued = DeviceCertificate.issue(phone.certificate().body(), ada.root().privateKey());
        DeviceList two = ada.list().with(issued, now, ada.root().privateKey());
        client.call(Methods.PUBLISH_DEVICE, new chat.mz.protocol.account.PublishDeviceParams(issued.encode(),
                two.encode()));
        assertTrue(certificateOf(phone).length < phone.certificate().encode().length, "stored as issued");

        Client phoneClient = homeserver.connect();
        assertEquals(2, phoneClient.login(ada.userId(), phone).deviceListVersion());
        assertArrayEquals(phone.certificate().encode(), certificateOf(phone), "stored countersigned after login");
    }

    private byte[] certificateOf(Device device) throws Exception {
        GetDevicesResult devices = client.call(Methods.GET_DEVICES,
                GetDevicesParams.byUserId(device.certificate().body().userId()));
        for (byte[] encoded : devices.certificates()) {
            if (DeviceCertificate.decode(encoded).body().deviceId().equals(device.id())) {
                return encoded;
            }
        }
        throw new AssertionError("not served: " + device.id());
    }
}
