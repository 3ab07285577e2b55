package chat.mz.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Someone this account has talked to, with the root identity keys seen for them.
 *
 * @param firstSeenRootKey the key seen the first time, kept for good
 * @param currentRootKey   the key seen last
 * @param keyChanged       true from a key change until {@link History#acceptKeyChange} is called
 */
public record Contact(String userId, String username, byte[] firstSeenRootKey, byte[] currentRootKey,
                      Instant addedAt, boolean keyChanged) {
    public Contact {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(addedAt, "addedAt");
        firstSeenRootKey = firstSeenRootKey.clone();
        currentRootKey = currentRootKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Contact that && userId.equals(that.userId) && username.equals(that.username)
                && Arrays.equals(firstSeenRootKey, that.firstSeenRootKey)
                && Arrays.equals(currentRootKey, that.currentRootKey) && addedAt.equals(that.addedAt)
                && keyChanged == that.keyChanged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, username, Arrays.hashCode(firstSeenRootKey), Arrays.hashCode(currentRootKey),
                addedAt, keyChanged);
    }

    @Override
    public String toString() {
        return "Contact[userId=" + userId + ", username=" + username + ", addedAt=" + addedAt + ", keyChanged="
                + keyChanged + "]";
    }

    @Override
    public byte[] firstSeenRootKey() {
        return firstSeenRootKey.clone();
    }

    @Override
    public byte[] currentRootKey() {
        return currentRootKey.clone();
    }
}
