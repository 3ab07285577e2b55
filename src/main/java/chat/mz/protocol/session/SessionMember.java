package chat.mz.protocol.session;

/** One member of a session as the homeserver records it. */
public record SessionMember(String userId, String username, SessionRole role, long joinedAt) {
}
