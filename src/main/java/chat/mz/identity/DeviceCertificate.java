package chat.mz.identity;

import chat.mz.crypto.Ed25519;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Binds a device's keys to an account: signed by the account's root identity key K_id, and
 * countersigned by the device's own signing key to show it holds that key and accepts the binding.
 * Both signatures cover the {@link Canonical} encoding of the {@link Body}, each under its own label.
 *
 * @param body             what is certified
 * @param rootSignature    K_id's Ed25519 signature over the body
 * @param deviceSignature  the device's Ed25519 signature of acceptance, or null until it countersigns
 */
public record DeviceCertificate(Body body, byte[] rootSignature, byte[] deviceSignature) {
    public static final int VERSION = 1;
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    /** How far a certificate's issue time may lie ahead of the checker's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    static final String BODY_LABEL = "mzchat/device-certificate/v1";
    static final String ACCEPTANCE_LABEL = "mzchat/device-certificate-acceptance/v1";
    static final String ENVELOPE_LABEL = "mzchat/device-certificate-envelope/v1";

    public DeviceCertificate {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(rootSignature, "rootSignature");
    }

    /**
     * What a certificate says.
     *
     * @param signingKey    the device's Ed25519 public key (32 bytes)
     * @param encryptionKey the device's encryption public key, encoded as {@code encryptionAlg} says
     */
    public record Body(int version, String userId, String deviceId, String deviceName, String platform,
                       byte[] signingKey, byte[] encryptionKey, String encryptionAlg,
                       Instant issuedAt, Instant notAfter) {
        public Body {
            Ids.requireId(userId, "user id");
            Ids.requireId(deviceId, "device id");
            deviceName = Ids.requireLabel(deviceName, "device name", 64);
            platform = Ids.requireLabel(platform, "platform", 32);
            encryptionAlg = Ids.requireLabel(encryptionAlg, "encryption algorithm", 64);
            if (signingKey == null || signingKey.length != Ed25519.PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException("the signing key must be an Ed25519 public key");
            }
            if (encryptionKey == null || encryptionKey.length == 0 || encryptionKey.length > 2048) {
                throw new IllegalArgumentException("the encryption key is missing or too long");
            }
            issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
            notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
            if (!notAfter.isAfter(issuedAt)) {
                throw new IllegalArgumentException("a certificate must end after it begins");
            }
        }

        /** The bytes K_id signs. */
        public byte[] encode() {
            return Canonical.writer(BODY_LABEL).int64(version).text(userId).text(deviceId).text(deviceName)
                    .text(platform).bytes(signingKey).bytes(encryptionKey).text(encryptionAlg)
                    .int64(issuedAt.getEpochSecond()).int64(notAfter.getEpochSecond()).toByteArray();
        }

        static Body decode(byte[] encoded) throws IdentityException {
            Canonical.Reader in = Canonical.reader(encoded, BODY_LABEL);
            long version = in.int64();
            if (version != VERSION) {
                throw new IdentityException(IdentityException.Reason.UNSUPPORTED_VERSION,
                        "This certificate is of version " + version + ", which this app does not know.");
            }
            Body body;
            try {
                body = new Body((int) version, in.text(), in.text(), in.text(), in.text(), in.bytes(), in.bytes(),
                        in.text(), Instant.ofEpochSecond(in.int64()), Instant.ofEpochSecond(in.int64()));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IdentityException(IdentityException.Reason.MALFORMED,
                        "The certificate is malformed: " + e.getMessage() + ".");
            }
            in.end();
            return body;
        }
    }

    /** K_id signs a new certificate; the device still has to {@link #countersign} it. */
    public static DeviceCertificate issue(Body body, byte[] rootPrivateKey) {
        return new DeviceCertificate(body, Ed25519.sign(rootPrivateKey, body.encode()), null);
    }

    /** The device accepts its certificate with its own signing key. */
    public DeviceCertificate countersign(byte[] devicePrivateKey) {
        if (!java.util.Arrays.equals(Ed25519.publicKeyOf(devicePrivateKey), body.signingKey())) {
            throw new IllegalArgumentException("only the certified device can countersign its certificate");
        }
        return new DeviceCertificate(body, rootSignature, Ed25519.sign(devicePrivateKey, acceptance()));
    }

    /** Names this certificate: the SHA-256 of its body, the same before and after countersigning. */
    public byte[] fingerprint() {
        return Fingerprint.sha256(body.encode());
    }

    /** Checks K_id's signature and that the certificate is for {@code userId} and valid at {@code now}. */
    public void verifyIssued(byte[] rootPublicKey, String userId, Instant now) throws IdentityException {
        if (!body.userId().equals(userId)) {
            throw new IdentityException(IdentityException.Reason.WRONG_USER,
                    "This certificate belongs to another account.");
        }
        if (!Ed25519.verify(rootPublicKey, body.encode(), rootSignature)) {
            throw new IdentityException(IdentityException.Reason.BAD_SIGNATURE,
                    "This certificate was not signed by the account's identity key.");
        }
        if (now.plus(CLOCK_SKEW).isBefore(body.issuedAt())) {
            throw new IdentityException(IdentityException.Reason.NOT_YET_VALID,
                    "This certificate is not valid yet; check the device's clock.");
        }
        if (!now.isBefore(body.notAfter())) {
            throw new IdentityException(IdentityException.Reason.EXPIRED, "This device's certificate has expired.");
        }
    }

    /** {@link #verifyIssued} and, in addition, the device's own acceptance. */
    public void verify(byte[] rootPublicKey, String userId, Instant now) throws IdentityException {
        verifyIssued(rootPublicKey, userId, now);
        if (deviceSignature == null || !Ed25519.verify(body.signingKey(), acceptance(), deviceSignature)) {
            throw new IdentityException(IdentityException.Reason.BAD_SIGNATURE,
                    "The device has not accepted this certificate with its own key.");
        }
    }

    /** The whole certificate as bytes, for the wire and for storage. */
    public byte[] encode() {
        return Canonical.writer(ENVELOPE_LABEL).bytes(body.encode()).bytes(rootSignature)
                .bytes(deviceSignature == null ? new byte[0] : deviceSignature).toByteArray();
    }

    public static DeviceCertificate decode(byte[] encoded) throws IdentityException {
        Canonical.Reader in = Canonical.reader(encoded, ENVELOPE_LABEL);
        Body body = Body.decode(in.bytes());
        byte[] root = in.bytes();
        byte[] device = in.bytes();
        in.end();
        return new DeviceCertificate(body, root, device.length == 0 ? null : device);
    }

    private byte[] acceptance() {
        return Canonical.writer(ACCEPTANCE_LABEL).bytes(body.encode()).bytes(rootSignature).toByteArray();
    }
}
