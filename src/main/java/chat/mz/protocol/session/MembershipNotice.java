package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A membership message addressed to particular users rather than to a session's timeline:
 * {@code JoinSessionApproval} (to owners: someone asks to join), {@code AllowUserJoinSessionNotification}
 * and {@code DenyUserJoinSessionNotification} (to the one who asked), {@code InviteUserToSession}
 * (to the invitee), {@code AcceptSessionNotification} (to members: an invitee accepted).
 *
 * @param sessionName the session's name, so an invitee or requester can show it
 * @param userId      the user the notice is about (requester, invitee)
 * @param byUserId    who acted (approver, inviter), when someone did
 * @param roomKey     in an {@code AllowUserJoinSessionNotification} of an encrypted session: the
 *                    current room key, wrapped by the approver to the device this copy is queued for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MembershipNotice(String sessionId, String sessionName, String userId, String username,
                               String byUserId, String byUsername, long at, RoomKeyDelivery roomKey) {

    /** A notice without a room key. */
    public MembershipNotice(String sessionId, String sessionName, String userId, String username, String byUserId,
                            String byUsername, long at) {
        this(sessionId, sessionName, userId, username, byUserId, byUsername, at, null);
    }
}
