package chat.mz.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A membership question waiting for this account's answer: an invitation to a session, or someone
 * asking to join a session this account owns. Kept until answered, so it survives a restart.
 *
 * @param sessionId   the session
 * @param sessionName its name as the notice gave it
 * @param userId      the inviter (invitation) or the one asking (join request)
 * @param username    their name
 * @param at          when the homeserver sent it
 */
public record PendingRequest(Kind kind, String sessionId, String sessionName, String userId, String username,
                             Instant at) {
    /** Which question it is. */
    public enum Kind {
        INVITATION, JOIN_REQUEST
    }

    public PendingRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(at, "at");
        sessionName = sessionName == null ? "" : sessionName;
        userId = userId == null ? "" : userId;
        username = username == null ? "" : username;
    }
}
