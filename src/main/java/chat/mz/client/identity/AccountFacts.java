package chat.mz.client.identity;

import java.net.URI;
import java.util.Objects;

/**
 * What this device may know about its account without unlocking anything: where the account
 * lives and who it is. Kept in clear next to the keystore (a screen can greet the user by name
 * before asking for the passphrase); the keystore's sealed copy of the certificate is what counts,
 * and unlocking checks that the two agree.
 *
 * @param homeserver the homeserver's WebSocket address
 * @param username   normalized, as the homeserver stored it
 */
public record AccountFacts(URI homeserver, String userId, String username, String deviceId, String deviceName) {
    public AccountFacts {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    public AccountFacts withHomeserver(URI uri) {
        return new AccountFacts(uri, userId, username, deviceId, deviceName);
    }
}
