package chat.mz.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An account as stored: the public half of its identity and its current signed device list.
 *
 * @param username          normalized (lower case)
 * @param rootPublicKey     K_id's public key; the user id is derived from it
 * @param deviceList        the current device list's encoding, as K_id signed it
 * @param deviceListVersion that list's version, kept apart so a change can compare and swap on it
 */
public record AccountRecord(String userId, String username, byte[] rootPublicKey, byte[] deviceList,
                            long deviceListVersion, Instant createdAt) {
    public AccountRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(rootPublicKey, "rootPublicKey");
        Objects.requireNonNull(deviceList, "deviceList");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
