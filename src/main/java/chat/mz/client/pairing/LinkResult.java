package chat.mz.client.pairing;

import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.pairing.AccountProfile;
import java.util.Objects;

/**
 * The new device's result: its own keys, its certificate (checked and countersigned) and the account
 * it now belongs to. The identity service seals the keys and certificate into the keystore and then
 * logs in. {@code toString} shows no private key.
 *
 * @param deviceId    the id the certificate names
 * @param keys        the device's private and public keys
 * @param certificate issued by the account's K_id and countersigned by {@code keys.signing()}
 * @param profile     the account: id, username and K_id's public key (the id is derived from the key)
 */
public record LinkResult(String deviceId, NewDeviceKeys keys, DeviceCertificate certificate,
                         AccountProfile profile) {
    public LinkResult {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(profile, "profile");
    }
}
