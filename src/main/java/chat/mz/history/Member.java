package chat.mz.history;

import java.util.Objects;

/**
 * A member of a conversation.
 *
 * @param role {@code "owner"} or {@code "member"}
 */
public record Member(String sessionId, String userId, String username, String role) {
    public Member {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }
}
