package chat.mz.client.pairing;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import java.security.SecureRandom;

/**
 * Makes a new device's key pairs. Injected so tests can hand out one RSA key pair made in advance
 * instead of spending half a second on each.
 */
@FunctionalInterface
public interface DeviceKeyGenerator {
    /** New key pairs; may take about half a second (RSA-3072), so it is called off the caller's thread. */
    NewDeviceKeys generate(SecureRandom random);

    /** Fresh Ed25519 and RSA-OAEP-3072 key pairs. */
    static DeviceKeyGenerator standard() {
        return random -> new NewDeviceKeys(Ed25519.generate(random), RsaOaep.generate(random));
    }
}
