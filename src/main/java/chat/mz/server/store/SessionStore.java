package chat.mz.server.store;

import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.WrappedRoomKey;
import java.time.Instant;
import java.util.List;

/**
 * Conversations as the homeserver keeps them: sessions, members, pending joins and invitations,
 * the numbered timeline, and the fan-out of each change into the queues of the devices concerned.
 * Each change is one transaction: the rules it checks (membership, ownership, a pending request) are
 * checked under the same locks that make the change, so racing calls cannot both pass a check that
 * only one of them may. A rule that refuses throws {@link RpcException} with the protocol's code
 * and changes nothing.
 *
 * <p>Devices get what happens while they are current: a device in the account's device table
 * without a revocation.
 */
public interface SessionStore {
    /**
     * Makes a session with {@code creator} as owner and {@code members} (existing accounts, not the
     * creator, no repeats) as members, and its {@code created} entry. For a direct chat whose pair
     * has a session already, answers that one instead.
     *
     * @throws RpcException UNKNOWN_USER when a member has no account
     */
    StoreChange<SessionInfo> create(String sessionId, DeviceKey creator, String name, boolean direct,
                                    boolean e2eeOn, List<String> members, Instant now);

    /**
     * The session as {@code userId} sees it (SESSION_NOT_FOUND, NOT_A_MEMBER); {@code now} decides
     * whether its room key is old enough to be due.
     */
    SessionInfo info(String sessionId, String userId, Instant now);

    /** Every session {@code userId} is in, newest activity first. */
    List<SessionInfo> sessionsOf(String userId, Instant now);

    /**
     * Appends a message, or answers the first send of the same message id (MESSAGE_ID_REUSED if it
     * differs). An encrypted message needs the session's encryption on (E2EE_OFF) and its current
     * key epoch (ROOM_KEY_EPOCH_MISMATCH). While the session's room key is due, the sending device
     * is asked to make the next one ({@code UpdateRoomKeyNotification}, then a
     * {@code SendRoomKeyNotification} per device to send it to), and an encrypted message is refused
     * with ROOM_KEY_REPLACEMENT_DUE, which the outcome carries since that request is committed.
     */
    StoreChange<SendOutcome> send(DeviceKey sender, String sessionId, OutgoingMessage message, Instant now);

    /** A non-member asks to join; null when the request was made before. */
    StoreChange<Long> requestJoin(DeviceKey requester, String sessionId, Instant now);

    /**
     * The owner lets a requester in; answers the {@code joined} entry's seq. Each of
     * {@code roomKeys} (the current room key, wrapped by the owner's device) must be addressed to a
     * current device of the requester (NOT_A_MEMBER_DEVICE) and goes in that device's notice; the
     * session's encryption must be on (E2EE_OFF) with a key to pass on (ROOM_KEY_EPOCH_MISMATCH).
     */
    StoreChange<Long> allowJoin(DeviceKey owner, String sessionId, String userId, List<WrappedRoomKey> roomKeys,
                                Instant now);

    /** The owner turns a request down. */
    StoreChange<Long> denyJoin(DeviceKey owner, String sessionId, String userId, Instant now);

    /** A member invites a user (UNKNOWN_USER, ALREADY_A_MEMBER); inviting again changes nothing. */
    StoreChange<Long> invite(DeviceKey inviter, String sessionId, String userId, Instant now);

    /** The invitee takes the invitation and becomes a member. */
    StoreChange<SessionInfo> acceptInvitation(DeviceKey invitee, String sessionId, Instant now);

    /** The invitee drops the invitation. */
    StoreChange<Long> declineInvitation(DeviceKey invitee, String sessionId);

    /**
     * A member leaves; an owner leaving hands the session to the earliest joined member. Joining,
     * leaving and removal mark an encrypted session's room key due (a join only while newcomers may
     * not read earlier messages).
     */
    StoreChange<Long> leave(DeviceKey member, String sessionId, Instant now);

    /** The owner removes another member. */
    StoreChange<Long> remove(DeviceKey owner, String sessionId, String userId, Instant now);

    /** The owner renames the session. */
    StoreChange<Long> rename(DeviceKey owner, String sessionId, String name, Instant now);
}
