package chat.mz.protocol.session;

import java.util.List;

/** Result of {@code list_sessions}: every session the caller is a member of. */
public record SessionList(List<SessionInfo> sessions) {
    public SessionList {
        sessions = List.copyOf(sessions);
    }
}
