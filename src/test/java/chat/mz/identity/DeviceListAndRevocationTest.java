package chat.mz.identity;

import static chat.mz.identity.DeviceCertificateTest.assertReason;
import static chat.mz.identity.TestKeys.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceListAndRevocationTest {
    private final Ed25519KeyPair root = TestKeys.keyPair(1);
    private final Ed25519KeyPair otherRoot = TestKeys.keyPair(2);
    private final DeviceCertificate desktop = TestKeys.certificate(root, "ada", "desktop", TestKeys.keyPair(3));
    private final DeviceCertificate phone = TestKeys.certificate(root, "ada", "phone", TestKeys.keyPair(4));

    @Test
    void theListGrowsAndShrinksOneSignedVersionAtATime() throws Exception {
        DeviceList first = DeviceList.first(desktop, NOW, root.privateKey());
        DeviceList second = first.with(phone, NOW.plusSeconds(60), root.privateKey());
        DeviceList third = second.without("phone", NOW.plusSeconds(120), root.privateKey());

        assertEquals(List.of(1L, 2L, 3L), List.of(first.body().version(), second.body().version(),
                third.body().version()));
        assertTrue(second.lists(phone));
        assertFalse(third.lists(phone));
        assertTrue(third.lists(desktop));
        third.verify(root.publicKey(), "ada", 3);
        DeviceList.decode(third.encode()).verify(root.publicKey(), "ada", 3);
    }

    @Test
    void aDeviceSlippedInByTheServerBreaksTheSignature() {
        DeviceList genuine = DeviceList.first(desktop, NOW, root.privateKey());
        DeviceCertificate intruder = TestKeys.certificate(otherRoot, "ada", "intruder", TestKeys.keyPair(5));
        List<DeviceList.Entry> devices = new ArrayList<>(genuine.body().devices());
        devices.add(DeviceList.Entry.of(intruder));
        DeviceList tampered = new DeviceList(new DeviceList.Body("ada", 1, NOW, devices), genuine.signature());
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> tampered.verify(root.publicKey(), "ada", 0));
    }

    @Test
    void anOlderListHidingARevocationIsCaught() {
        DeviceList withPhone = DeviceList.first(desktop, NOW, root.privateKey()).with(phone, NOW, root.privateKey());
        assertReason(IdentityException.Reason.ROLLBACK, () -> withPhone.verify(root.publicKey(), "ada", 3));
    }

    @Test
    void aListNamesCertificatesNotJustDeviceIds() {
        DeviceList list = DeviceList.first(desktop, NOW, root.privateKey()).with(phone, NOW, root.privateKey());
        DeviceCertificate sameIdOtherKeys = TestKeys.certificate(root, "ada", "phone", TestKeys.keyPair(6));
        assertFalse(list.lists(sameIdOtherKeys));
    }

    @Test
    void aListCannotNameADeviceTwice() {
        DeviceList.Entry entry = DeviceList.Entry.of(phone);
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceList.Body("ada", 1, NOW, List.of(entry, entry)));
    }

    @Test
    void aRevocationIsCheckedAgainstTheAccountsKey() throws Exception {
        Revocation revocation = Revocation.sign(new Revocation.Body("ada", "phone", NOW, "lost on the train"),
                root.privateKey());
        revocation.verify(root.publicKey(), "ada");
        Revocation decoded = Revocation.decode(revocation.encode());
        decoded.verify(root.publicKey(), "ada");
        assertEquals("lost on the train", decoded.body().reason());

        Revocation forged = Revocation.sign(new Revocation.Body("ada", "phone", NOW, ""), otherRoot.privateKey());
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> forged.verify(root.publicKey(), "ada"));
        assertReason(IdentityException.Reason.WRONG_USER, () -> revocation.verify(root.publicKey(), "bob"));

        Revocation later = new Revocation(new Revocation.Body("ada", "phone", NOW.plus(Duration.ofDays(1)),
                "lost on the train"), revocation.signature());
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> later.verify(root.publicKey(), "ada"));
    }

    @Test
    void signaturesDoNotCarryOverBetweenKindsOfStatement() {
        Revocation revocation = Revocation.sign(new Revocation.Body("ada", "phone", NOW, ""), root.privateKey());
        byte[] asList = new DeviceList(new DeviceList.Body("ada", 1, NOW, List.of()), revocation.signature()).encode();
        assertThrows(IdentityException.class, () -> DeviceList.decode(asList).verify(root.publicKey(), "ada", 0));
    }
}
