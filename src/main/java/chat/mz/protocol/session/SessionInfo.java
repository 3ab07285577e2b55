package chat.mz.protocol.session;

import java.util.List;

/**
 * A session as its members see it: answered by {@code new_session}, {@code get_session},
 * {@code list_sessions} and {@code accept_join_session_approval}.
 *
 * @param lastSeq the sequence number of its newest timeline event
 */
public record SessionInfo(String sessionId, String name, boolean direct, boolean e2eeOn, long createdAt,
                          long lastSeq, SessionRole yourRole, List<SessionMember> members) {
    public SessionInfo {
        members = List.copyOf(members);
    }
}
