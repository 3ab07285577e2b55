package chat.mz.protocol.session;

import java.util.List;

/**
 * A session as its members see it: answered by {@code new_session}, {@code get_session},
 * {@code list_sessions} and {@code accept_join_session_approval}.
 *
 * @param lastSeq               the sequence number of its newest timeline event
 * @param keyEpoch              the current room key's epoch; 0 before the first key
 * @param rekeyNeeded           the room key must be replaced before the next encrypted message
 * @param rotationSeconds       how long a room key is used before it is replaced; 0 for no limit
 * @param newMembersReadHistory whether a newcomer is given the current room key (and so can read
 *                              earlier messages); when false, every join replaces the key
 */
public record SessionInfo(String sessionId, String name, boolean direct, boolean e2eeOn, long createdAt,
                          long lastSeq, SessionRole yourRole, List<SessionMember> members, long keyEpoch,
                          boolean rekeyNeeded, long rotationSeconds, boolean newMembersReadHistory) {
    public SessionInfo {
        members = List.copyOf(members);
    }

    /** A session as seen before room keys: no epoch, nothing due. */
    public SessionInfo(String sessionId, String name, boolean direct, boolean e2eeOn, long createdAt, long lastSeq,
                       SessionRole yourRole, List<SessionMember> members) {
        this(sessionId, name, direct, e2eeOn, createdAt, lastSeq, yourRole, members, 0, false, 0, false);
    }
}
