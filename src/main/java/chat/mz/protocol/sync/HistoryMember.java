package chat.mz.protocol.sync;

/** A member of a conversation in a history batch. */
public record HistoryMember(String userId, String username, String role) {
    public HistoryMember {
        SyncChecks.requireId(userId, "user id");
        if (username == null || role == null) {
            throw new IllegalArgumentException("a member has a username and a role");
        }
    }
}
