package chat.mz.client.e2ee;

import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A device a room key is sealed to: its ids and its RSA-OAEP-SHA256-3072 encryption public key
 * (X.509 SubjectPublicKeyInfo), as its {@link DeviceCertificate} carries them.
 *
 * <p>Take it from a certificate the caller has checked against the member's identity key and
 * current device list ({@link #of}); never from the homeserver's word alone, or the homeserver
 * could slip in a key of its own and read every message sealed under the room key.
 */
public record RecipientDevice(DeviceRef device, byte[] encryptionPublicKey) {
    public RecipientDevice {
        Objects.requireNonNull(device, "device");
        if (encryptionPublicKey == null || encryptionPublicKey.length == 0) {
            throw new IllegalArgumentException("the encryption key is missing");
        }
        encryptionPublicKey = encryptionPublicKey.clone();
    }

    /**
     * The recipient a verified certificate describes.
     *
     * @throws E2eeException {@link E2eeException.Reason#UNUSABLE_KEY} if its encryption key is of
     *         another algorithm than {@link RsaOaep#ALG}
     */
    public static RecipientDevice of(DeviceCertificate certificate) throws E2eeException {
        DeviceCertificate.Body body = certificate.body();
        if (!RsaOaep.ALG.equals(body.encryptionAlg())) {
            throw new E2eeException(E2eeException.Reason.UNUSABLE_KEY, "The device \"" + body.deviceName()
                    + "\" uses a kind of encryption key this app cannot seal room keys to.");
        }
        return new RecipientDevice(DeviceRef.of(certificate), body.encryptionKey());
    }

    /** A copy of the encryption key. */
    @Override
    public byte[] encryptionPublicKey() {
        return encryptionPublicKey.clone();
    }

    /** The key itself, without a copy, for this package's own use. */
    byte[] encryptionKeyBytes() {
        return encryptionPublicKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecipientDevice that && device.equals(that.device)
                && Arrays.equals(encryptionPublicKey, that.encryptionPublicKey);
    }

    @Override
    public int hashCode() {
        return device.hashCode();
    }

    @Override
    public String toString() {
        return "RecipientDevice[" + device.userId() + "/" + device.deviceId() + ", encryptionPublicKey="
                + encryptionPublicKey.length + " bytes]";
    }
}
