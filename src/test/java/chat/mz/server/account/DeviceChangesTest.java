package chat.mz.server.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Revocation;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.account.DeviceRevoked;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RevokeDeviceParams;
import chat.mz.server.account.TestHomeserver.Client;
import chat.mz.server.account.TestIdentities.Account;
import chat.mz.server.account.TestIdentities.Device;
import chat.mz.testing.RawWebSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code PublishDevice} and {@code RevokeDevice}, and what a revocation does to live connections. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeviceChangesTest {
    @TempDir
    Path data;

    private final TestIdentities identities = new TestIdentities(2);
    private TestHomeserver homeserver;
    private Client desktop;
    private Account ada;
    private Device phone;
    private Instant now;

    @BeforeEach
    void registerAda() throws Exception {
        homeserver = new TestHomeserver(data);
        now = homeserver.clock.instant();
        ada = identities.account("ada", now);
        desktop = homeserver.connect();
        desktop.call(Methods.REGISTER, ada.registerParams());
        phone = newDevice();
    }

    @AfterEach
    void stop() throws Exception {
        homeserver.close();
    }

    @Test
    void publishingNeedsALoginAndExactlyTheNextVersion() throws Exception {
        DeviceList two = ada.list().with(phone.certificate(), now, key());
        PublishDeviceParams publish = new PublishDeviceParams(phone.certificate().encode(), two.encode());
        desktop.refused(Methods.PUBLISH_DEVICE, publish, ErrorCode.NOT_LOGGED_IN);
        desktop.login(ada.userId(), ada.first());

        DeviceList skipsAVersion = DeviceList.sign(new DeviceList.Body(ada.userId(), 3, now,
                two.body().devices()), key());
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                skipsAVersion.encode()), ErrorCode.DEVICE_LIST_CONFLICT);
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                ada.list().encode()), ErrorCode.DEVICE_LIST_CONFLICT);

        assertEquals(2, desktop.call(Methods.PUBLISH_DEVICE, publish).deviceListVersion());
        // the same change again is now one version behind
        Device tablet = newDevice();
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(tablet.certificate().encode(),
                ada.list().with(tablet.certificate(), now, key()).encode()), ErrorCode.DEVICE_LIST_CONFLICT);

        GetDevicesResult devices = desktop.call(Methods.GET_DEVICES, GetDevicesParams.byUserId(ada.userId()));
        assertArrayEquals(two.encode(), devices.deviceList());
        assertEquals(2, devices.certificates().size());
    }

    @Test
    void publishingCannotDropADeviceOrSlipInAnother() throws Exception {
        desktop.login(ada.userId(), ada.first());
        // the new list names the phone but silently drops the desktop
        DeviceList silentRemoval = DeviceList.sign(new DeviceList.Body(ada.userId(), 2, now,
                List.of(DeviceList.Entry.of(phone.certificate()))), key());
        assertTrue(desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                silentRemoval.encode()), ErrorCode.IDENTITY_INVALID).getMessage().contains("keep every current device"));
        // ... or adds a second device besides the one published
        Device tablet = newDevice();
        DeviceList extra = ada.list().with(phone.certificate(), now, key()).with(tablet.certificate(), now, key());
        DeviceList extraAtTwo = DeviceList.sign(new DeviceList.Body(ada.userId(), 2, now, extra.body().devices()),
                key());
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                extraAtTwo.encode()), ErrorCode.IDENTITY_INVALID);
        // a certificate issued by another identity key
        Account eve = identities.account("eve", now);
        Device forged = identities.device(eve.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(forged.certificate().encode(),
                ada.list().with(forged.certificate(), now, key()).encode()), ErrorCode.IDENTITY_INVALID);
        // a list signed by another identity key
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                ada.list().with(phone.certificate(), now, eve.root().privateKey()).encode()),
                ErrorCode.IDENTITY_INVALID);

        assertEquals(1, desktop.call(Methods.GET_DEVICES, GetDevicesParams.byUserId(ada.userId())).certificates().size());
    }

    @Test
    void aRevokedDeviceIsToldCutOffAndCannotLogInAgain() throws Exception {
        desktop.login(ada.userId(), ada.first());
        DeviceList two = ada.list().with(phone.certificate(), now, key());
        desktop.call(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(), two.encode()));

        try (RawDevice phoneSocket = RawDevice.connect(homeserver.server().uri())) {
            assertInstanceOf(RpcMessage.Response.class, phoneSocket.login(ada.userId(), phone));
            assertEquals(1, homeserver.server().accounts().liveConnections(ada.userId(), phone.id()));

            Revocation revocation = Revocation.sign(new Revocation.Body(ada.userId(), phone.id(), now, "Phone lost"),
                    key());
            DeviceList three = two.without(phone.id(), now, key());
            assertEquals(3, desktop.call(Methods.REVOKE_DEVICE, new RevokeDeviceParams(revocation.encode(),
                    three.encode())).deviceListVersion());

            RpcMessage.Notification told = assertInstanceOf(RpcMessage.Notification.class, phoneSocket.next());
            assertEquals(Methods.DEVICE_REVOKED.name(), told.method());
            assertEquals(new DeviceRevoked(phone.id(), "Phone lost"),
                    phoneSocket.codec().readValue(told.params(), DeviceRevoked.class));
            RawWebSocket.Close close = phoneSocket.socket().closed().get(10, TimeUnit.SECONDS);
            assertEquals(AccountService.REVOKED_CLOSE_CODE, close.code());
            assertEquals("This device was revoked.", close.reason());
            assertEquals(0, homeserver.server().accounts().liveConnections(ada.userId(), phone.id()));
        }

        Client phoneAgain = homeserver.connect();
        assertEquals("This device was revoked. Link it again to use it.", phoneAgain.refused(Methods.LOGIN,
                phoneAgain.loginParams(ada.userId(), phone), ErrorCode.DEVICE_REVOKED).getMessage());
        GetDevicesResult devices = desktop.call(Methods.GET_DEVICES, GetDevicesParams.byUsername("ada"));
        assertEquals(1, devices.certificates().size());
        assertEquals(1, devices.revocations().size());
        assertArrayEquals(Revocation.decode(devices.revocations().get(0)).encode(), devices.revocations().get(0));
        // and the revoked id cannot be published back
        desktop.refused(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(),
                DeviceList.decode(devices.deviceList()).with(phone.certificate(), now, key()).encode()),
                ErrorCode.DEVICE_REVOKED);
    }

    @Test
    void aDeviceCannotRevokeItselfNorDropOthersOnTheSide() throws Exception {
        desktop.login(ada.userId(), ada.first());
        DeviceList two = ada.list().with(phone.certificate(), now, key());
        desktop.call(Methods.PUBLISH_DEVICE, new PublishDeviceParams(phone.certificate().encode(), two.encode()));

        Revocation self = Revocation.sign(new Revocation.Body(ada.userId(), ada.first().id(), now, ""), key());
        assertEquals("A device cannot revoke itself.", desktop.refused(Methods.REVOKE_DEVICE,
                new RevokeDeviceParams(self.encode(), two.without(ada.first().id(), now, key()).encode()),
                ErrorCode.CANNOT_REVOKE_SELF).getMessage());

        // the phone, logged in, cannot revoke itself either, but K_id's signature lets it revoke the desktop
        Client phoneClient = homeserver.connect();
        phoneClient.login(ada.userId(), phone);
        Revocation ofPhone = Revocation.sign(new Revocation.Body(ada.userId(), phone.id(), now, ""), key());
        phoneClient.refused(Methods.REVOKE_DEVICE, new RevokeDeviceParams(ofPhone.encode(),
                two.without(phone.id(), now, key()).encode()), ErrorCode.CANNOT_REVOKE_SELF);

        // revoking the phone with a list that also drops the desktop, or keeps the phone
        DeviceList empty = DeviceList.sign(new DeviceList.Body(ada.userId(), 3, now, List.of()), key());
        desktop.refused(Methods.REVOKE_DEVICE, new RevokeDeviceParams(ofPhone.encode(), empty.encode()),
                ErrorCode.IDENTITY_INVALID);
        DeviceList keeps = DeviceList.sign(new DeviceList.Body(ada.userId(), 3, now, two.body().devices()), key());
        desktop.refused(Methods.REVOKE_DEVICE, new RevokeDeviceParams(ofPhone.encode(), keeps.encode()),
                ErrorCode.IDENTITY_INVALID);
        // a revocation signed by another key
        Revocation forged = Revocation.sign(ofPhone.body(), identities.keyPair().privateKey());
        desktop.refused(Methods.REVOKE_DEVICE, new RevokeDeviceParams(forged.encode(),
                two.without(phone.id(), now, key()).encode()), ErrorCode.IDENTITY_INVALID);
        // not logged in
        homeserver.connect().refused(Methods.REVOKE_DEVICE, new RevokeDeviceParams(ofPhone.encode(),
                two.without(phone.id(), now, key()).encode()), ErrorCode.NOT_LOGGED_IN);

        assertEquals(1, homeserver.server().accounts().liveConnections(ada.userId(), phone.id()));
    }

    private Device newDevice() {
        Device issuedAndAccepted = identities.device(ada.root(), ada.userId(), now, DeviceCertificate.DEFAULT_LIFETIME);
        return issuedAndAccepted;
    }

    private byte[] key() {
        return ada.root().privateKey();
    }
}
