package chat.mz.protocol.pairing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a newly linked device learns about its account: the account's id, its username and its root
 * identity key K_id (Ed25519 public key). The device checks that the id is derived from the key
 * before it trusts either.
 *
 * @param userId        the account's id
 * @param username      the account's name
 * @param rootPublicKey K_id's public half, 32 bytes
 */
public record AccountProfile(String userId, String username, byte[] rootPublicKey) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AccountProfile {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(rootPublicKey, "rootPublicKey");
        if (!ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("the user id must be 1 to 64 URL-safe characters");
        }
        if (username.isBlank() || username.length() > 64) {
            throw new IllegalArgumentException("the username must be 1 to 64 characters");
        }
        if (rootPublicKey.length != 32) {
            throw new IllegalArgumentException("the root public key must be 32 bytes");
        }
        rootPublicKey = rootPublicKey.clone();
    }

    /** A copy of K_id's public key. */
    @Override
    public byte[] rootPublicKey() {
        return rootPublicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountProfile that && userId.equals(that.userId) && username.equals(that.username)
                && java.util.Arrays.equals(rootPublicKey, that.rootPublicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, username, java.util.Arrays.hashCode(rootPublicKey));
    }

    @Override
    public String toString() {
        return "AccountProfile[userId=" + userId + ", username=" + username + "]";
    }
}
