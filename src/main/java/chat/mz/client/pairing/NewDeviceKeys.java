package chat.mz.client.pairing;

import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A new device's own key pairs: K_dev's signing half (Ed25519) and its encryption half (RSA-OAEP).
 * {@code toString} shows no private key.
 */
public record NewDeviceKeys(Ed25519KeyPair signing, RsaKeyPair encryption) implements Destroyable {
    public NewDeviceKeys {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(encryption, "encryption");
    }

    /** Wipes both private keys, e.g. when linking failed and the keys will never be used. */
    @Override
    public void destroy() {
        signing.destroy();
        encryption.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return signing.isDestroyed() && encryption.isDestroyed();
    }
}
