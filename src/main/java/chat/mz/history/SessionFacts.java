package chat.mz.history;

import java.util.Objects;

/**
 * What the homeserver says about a conversation, as stored by {@link History#upsertSession}.
 *
 * @param sessionId the conversation's id
 * @param name      its display name (for a 1:1 chat, the other person's)
 * @param direct    true for a 1:1 chat, false for a group
 * @param e2eeOn    whether messages in it are end-to-end encrypted
 * @param myRole    {@code "owner"} or {@code "member"}
 */
public record SessionFacts(String sessionId, String name, boolean direct, boolean e2eeOn, Membership membership,
                           String myRole) {
    public SessionFacts {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(myRole, "myRole");
    }
}
