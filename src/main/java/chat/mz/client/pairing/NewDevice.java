package chat.mz.client.pairing;

import chat.mz.identity.Fingerprint;
import chat.mz.protocol.pairing.PairingMessage;
import java.util.Objects;

/**
 * The device asking to be linked, as its request described it: what the person approves and what
 * the certificate will bind. The signing key is proven (the request is signed with it).
 *
 * @param signingKey    Ed25519 public key, 32 bytes
 * @param encryptionKey public key in the encoding {@code encryptionAlg} names (X.509 SPKI for RSA-OAEP)
 */
public record NewDevice(String deviceId, String deviceName, String platform, byte[] signingKey,
                        byte[] encryptionKey, String encryptionAlg) {
    public NewDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(encryptionAlg, "encryptionAlg");
        signingKey = signingKey.clone();
        encryptionKey = encryptionKey.clone();
    }

    static NewDevice of(PairingMessage.Request request) {
        return new NewDevice(request.deviceId(), request.deviceName(), request.platform(), request.signingKey(),
                request.encryptionKey(), request.encryptionAlg());
    }

    /** A copy of the signing key. */
    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** A copy of the encryption key. */
    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    /** The signing key's fingerprint, {@code 3F2A 9C1B …}, to show next to the check code. */
    public String fingerprint() {
        return Fingerprint.ofKey(signingKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewDevice that && deviceId.equals(that.deviceId)
                && deviceName.equals(that.deviceName) && platform.equals(that.platform)
                && java.util.Arrays.equals(signingKey, that.signingKey)
                && java.util.Arrays.equals(encryptionKey, that.encryptionKey)
                && encryptionAlg.equals(that.encryptionAlg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, java.util.Arrays.hashCode(signingKey));
    }

    @Override
    public String toString() {
        return "NewDevice[deviceId=" + deviceId + ", deviceName=" + deviceName + ", platform=" + platform
                + ", fingerprint=" + fingerprint() + ", encryptionAlg=" + encryptionAlg + "]";
    }
}
