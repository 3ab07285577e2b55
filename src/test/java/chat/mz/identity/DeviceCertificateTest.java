package chat.mz.identity;

import static chat.mz.identity.TestKeys.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeviceCertificateTest {
    private final Ed25519KeyPair root = TestKeys.keyPair(1);
    private final Ed25519KeyPair otherRoot = TestKeys.keyPair(2);
    private final Ed25519KeyPair phone = TestKeys.keyPair(3);

    @Test
    void anIssuedAndCountersignedCertificateVerifies() throws Exception {
        DeviceCertificate certificate = TestKeys.certificate(root, "ada", "phone1", phone);
        certificate.verify(root.publicKey(), "ada", NOW);
        certificate.verify(root.publicKey(), "ada", NOW.plus(Duration.ofDays(364)));
    }

    @Test
    void aCertificateSignedByAnotherIdentityKeyIsRefused() {
        DeviceCertificate forged = TestKeys.certificate(otherRoot, "ada", "phone1", phone);
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> forged.verify(root.publicKey(), "ada", NOW));
    }

    @Test
    void aCertificateForAnotherUserIsRefused() {
        DeviceCertificate bobs = TestKeys.certificate(root, "bob", "phone1", phone);
        assertReason(IdentityException.Reason.WRONG_USER, () -> bobs.verify(root.publicKey(), "ada", NOW));
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        DeviceCertificate certificate = TestKeys.certificate(root, "ada", "phone1", phone);
        assertReason(IdentityException.Reason.EXPIRED,
                () -> certificate.verify(root.publicKey(), "ada", NOW.plus(Duration.ofDays(365))));
        assertReason(IdentityException.Reason.NOT_YET_VALID,
                () -> certificate.verify(root.publicKey(), "ada", NOW.minus(Duration.ofMinutes(6))));
    }

    @Test
    void aCertificateWithoutTheDevicesAcceptanceIsOnlyIssued() throws Exception {
        DeviceCertificate issued = DeviceCertificate.issue(TestKeys.body("ada", "phone1", phone), root.privateKey());
        issued.verifyIssued(root.publicKey(), "ada", NOW);
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> issued.verify(root.publicKey(), "ada", NOW));
    }

    @Test
    void onlyTheCertifiedDeviceCanCountersign() {
        DeviceCertificate issued = DeviceCertificate.issue(TestKeys.body("ada", "phone1", phone), root.privateKey());
        Ed25519KeyPair stranger = TestKeys.keyPair(9);
        assertThrows(IllegalArgumentException.class, () -> issued.countersign(stranger.privateKey()));
    }

    @Test
    void anyChangeToTheBodyBreaksTheSignatures() throws Exception {
        DeviceCertificate certificate = TestKeys.certificate(root, "ada", "phone1", phone);
        DeviceCertificate.Body b = certificate.body();
        DeviceCertificate.Body renamed = new DeviceCertificate.Body(b.version(), b.userId(), b.deviceId(),
                "Mallory's phone", b.platform(), b.signingKey(), b.encryptionKey(), b.encryptionAlg(), b.issuedAt(),
                b.notAfter());
        DeviceCertificate altered = new DeviceCertificate(renamed, certificate.rootSignature(),
                certificate.deviceSignature());
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> altered.verify(root.publicKey(), "ada", NOW));

        DeviceCertificate.Body longer = new DeviceCertificate.Body(b.version(), b.userId(), b.deviceId(),
                b.deviceName(), b.platform(), b.signingKey(), b.encryptionKey(), b.encryptionAlg(), b.issuedAt(),
                b.notAfter().plus(Duration.ofDays(3650)));
        assertReason(IdentityException.Reason.BAD_SIGNATURE, () -> new DeviceCertificate(longer,
                certificate.rootSignature(), certificate.deviceSignature()).verify(root.publicKey(), "ada", NOW));
    }

    @Test
    void theEncodingRoundTripsAndTheFingerprintIgnoresTheCountersignature() throws Exception {
        DeviceCertificate issued = DeviceCertificate.issue(TestKeys.body("ada", "phone1", phone), root.privateKey());
        DeviceCertificate accepted = issued.countersign(phone.privateKey());
        assertArrayEquals(issued.fingerprint(), accepted.fingerprint());

        DeviceCertificate decoded = DeviceCertificate.decode(accepted.encode());
        decoded.verify(root.publicKey(), "ada", NOW);
        assertEquals("Ada's phone", decoded.body().deviceName());
        assertEquals(NOW, decoded.body().issuedAt());
        assertNull(DeviceCertificate.decode(issued.encode()).deviceSignature());
    }

    @Test
    void everyTruncationOfAnEncodedCertificateIsRefused() {
        byte[] encoded = TestKeys.certificate(root, "ada", "phone1", phone).encode();
        for (int cut = 0; cut < encoded.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(encoded, cut);
            assertThrows(IdentityException.class, () -> DeviceCertificate.decode(truncated), "cut at " + cut);
        }
    }

    @Test
    void bodiesRefuseNonsenseWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceCertificate.Body(1, "ada", "phone/1", "n", "p",
                phone.publicKey(), TestKeys.ENCRYPTION_KEY, "alg", NOW, NOW.plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceCertificate.Body(1, "ada", "phone1", "n\u0000",
                "p", phone.publicKey(), TestKeys.ENCRYPTION_KEY, "alg", NOW, NOW.plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceCertificate.Body(1, "ada", "phone1", "n", "p",
                new byte[31], TestKeys.ENCRYPTION_KEY, "alg", NOW, NOW.plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceCertificate.Body(1, "ada", "phone1", "n", "p",
                phone.publicKey(), TestKeys.ENCRYPTION_KEY, "alg", NOW, NOW));
        Instant fraction = NOW.plusMillis(999);
        assertEquals(NOW, new DeviceCertificate.Body(1, "ada", "phone1", "n", "p", phone.publicKey(),
                TestKeys.ENCRYPTION_KEY, "alg", fraction, NOW.plusSeconds(9)).issuedAt(), "whole seconds only");
    }

    static void assertReason(IdentityException.Reason reason, org.junit.jupiter.api.function.Executable check) {
        IdentityException e = assertThrows(IdentityException.class, check);
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
