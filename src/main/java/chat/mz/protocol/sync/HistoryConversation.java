package chat.mz.protocol.sync;

import java.util.List;

/**
 * A conversation as a history batch carries it: what the receiving device needs to show it
 * before the homeserver is asked again.
 *
 * @param membership {@code MEMBER}, {@code LEFT}, … as the history names it
 * @param readSeq    how far the user has read it
 */
public record HistoryConversation(String sessionId, String name, boolean direct, boolean e2eeOn, String membership,
                                  String myRole, long readSeq, List<HistoryMember> members) {
    public HistoryConversation {
        SyncChecks.requireId(sessionId, "session id");
        if (name == null || membership == null || myRole == null) {
            throw new IllegalArgumentException("a conversation has a name, a membership and a role");
        }
        members = members == null ? List.of() : List.copyOf(members);
    }
}
