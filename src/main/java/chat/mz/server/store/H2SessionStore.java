package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRole;
import chat.mz.protocol.session.WrappedRoomKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SessionStore} on the homeserver's H2 database, in plain SQL that PostgreSQL also speaks. */
public final class H2SessionStore implements SessionStore {
    /** The most members a session holds. */
    public static final int MAX_MEMBERS = 1000;
    /** Said to an invitee rather than the generic "no such invitation or join request". */
    private static final String NO_INVITATION = "There is no invitation to this conversation.";

    private final ServerDatabase database;
    private final SessionReader reader = new SessionReader();
    private final MessageSends messages;

    public H2SessionStore(ServerDatabase database) {
        this.database = database;
        this.messages = new MessageSends(database);
    }

    @Override
    public StoreChange<SessionInfo> create(String sessionId, DeviceKey creator, String name, boolean direct,
                                           boolean e2eeOn, List<String> members, Instant now) {
        String pair = direct ? directPair(creator.userId(), members.get(0)) : null;
        try {
            return createOnce(sessionId, creator, name, direct, e2eeOn, members, pair, now);
        } catch (StoreException e) {
            if (pair != null && isUniqueViolation(e)) {
                // a racing request made the pair's session first: answer that one
                return createOnce(sessionId, creator, name, true, e2eeOn, members, pair, now);
            }
            throw e;
        }
    }

    private StoreChange<SessionInfo> createOnce(String sessionId, DeviceKey creator, String name, boolean direct,
                                                boolean e2eeOn, List<String> members, String pair, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "create a conversation", tx -> {
            if (pair != null) {
                Optional<String> existing = directSession(tx, pair);
                if (existing.isPresent()) {
                    return reader.info(tx, existing.get(), creator.userId());
                }
            }
            for (String member : members) {
                if (!tx.accountExists(member)) {
                    throw new RpcException(ErrorCode.UNKNOWN_USER);
                }
            }
            try (PreparedStatement insert = tx.connection.prepareStatement("INSERT INTO session (session_id, name, "
                    + "direct, e2ee_on, created_at, last_seq, last_activity, direct_pair) VALUES (?, ?, ?, ?, ?, 0, ?, ?)")) {
                insert.setString(1, sessionId);
                insert.setString(2, direct ? null : name);
                insert.setBoolean(3, direct);
                insert.setBoolean(4, e2eeOn);
                insert.setLong(5, tx.now);
                insert.setLong(6, tx.now);
                insert.setString(7, pair);
                insert.executeUpdate();
            }
            tx.addMember(sessionId, creator.userId(), SessionRole.OWNER);
            for (String member : members) {
                tx.addMember(sessionId, member, SessionRole.MEMBER);
            }
            tx.append(sessionId, new SessionTx.Entry(SessionEventKind.CREATED, creator, null, direct ? null : name,
                    null, null), null, 0);
            // an encrypted session has no room key yet: the first sender makes epoch 1
            new RoomKeyTx(tx).mark(sessionId, RekeyReason.CREATED);
            return reader.info(tx, sessionId, creator.userId());
        });
    }

    @Override
    public SessionInfo info(String sessionId, String userId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "read a conversation",
                tx -> reader.info(tx, sessionId, userId)).value();
    }

    @Override
    public List<SessionInfo> sessionsOf(String userId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "list conversations", tx -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = tx.connection.prepareStatement("SELECT s.session_id FROM session_member m "
                    + "JOIN session s ON s.session_id = m.session_id WHERE m.user_id = ? "
                    + "ORDER BY s.last_activity DESC, s.last_seq DESC, s.session_id")) {
                select.setString(1, userId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            List<SessionInfo> sessions = new ArrayList<>(ids.size());
            for (String id : ids) {
                sessions.add(reader.info(tx, id, userId));
            }
            return sessions;
        }).value();
    }

    @Override
    public StoreChange<SendOutcome> send(DeviceKey sender, String sessionId, OutgoingMessage message, Instant now) {
        return messages.send(sender, sessionId, message, now);
    }

    @Override
    public StoreChange<Long> requestJoin(DeviceKey requester, String sessionId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "store a join request", tx -> {
            String name = tx.lockSession(sessionId).orElse(null);
            if (tx.role(sessionId, requester.userId()).isPresent()) {
                throw new RpcException(ErrorCode.ALREADY_A_MEMBER);
            }
            if (tx.hasPending("join_request", sessionId, requester.userId())) {
                return null;
            }
            try (PreparedStatement insert = tx.connection.prepareStatement(
                    "INSERT INTO join_request (session_id, user_id, requested_at) VALUES (?, ?, ?)")) {
                insert.setString(1, sessionId);
                insert.setString(2, requester.userId());
                insert.setLong(3, tx.now);
                insert.executeUpdate();
            }
            for (String owner : tx.owners(sessionId)) {
                tx.enqueue(tx.userDevices(owner), QueuedEventType.JOIN_SESSION_APPROVAL, sessionId, null, name,
                        requester.userId(), null, tx.now);
            }
            return null;
        });
    }

    @Override
    public StoreChange<Long> allowJoin(DeviceKey owner, String sessionId, String userId, List<WrappedRoomKey> roomKeys,
                                       Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "let a user join", tx -> {
            String name = tx.lockSession(sessionId).orElse(null);
            tx.requireOwner(sessionId, owner.userId());
            if (!tx.deletePending("join_request", sessionId, userId)) {
                throw new RpcException(ErrorCode.NO_SUCH_REQUEST);
            }
            RoomKeyTx keys = new RoomKeyTx(tx);
            RoomKeyTx.KeyState state = keys.state(sessionId);
            List<DeviceKey> devices = tx.userDevices(userId);
            Map<DeviceKey, WrappedRoomKey> byDevice = new HashMap<>();
            if (!roomKeys.isEmpty()) {
                if (!state.e2eeOn()) {
                    throw new RpcException(ErrorCode.E2EE_OFF);
                }
                if (state.epoch() == 0) {
                    throw new RpcException(ErrorCode.ROOM_KEY_EPOCH_MISMATCH,
                            "This conversation has no room key yet to pass on.");
                }
                RoomKeyTx.requireAddressedTo(roomKeys, devices);
                roomKeys.forEach(key -> byDevice.put(RoomKeyTx.address(key), key));
            }
            long seq = admit(tx, sessionId, userId, owner);
            List<RoomKeyTx.KeyItem> notices = new ArrayList<>();
            for (DeviceKey device : devices) {
                notices.add(RoomKeyTx.KeyItem.allowed(device, name, owner, tx.now, state.epoch(),
                        byDevice.get(device)));
            }
            keys.enqueue(sessionId, notices);
            return seq;
        });
    }

    @Override
    public StoreChange<Long> denyJoin(DeviceKey owner, String sessionId, String userId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "turn down a join request", tx -> {
            String name = tx.lockSession(sessionId).orElse(null);
            tx.requireOwner(sessionId, owner.userId());
            if (!tx.deletePending("join_request", sessionId, userId)) {
                throw new RpcException(ErrorCode.NO_SUCH_REQUEST);
            }
            tx.enqueue(tx.userDevices(userId), QueuedEventType.DENY_USER_JOIN_SESSION, sessionId, null, name, userId,
                    owner.userId(), tx.now);
            return null;
        });
    }

    @Override
    public StoreChange<Long> invite(DeviceKey inviter, String sessionId, String userId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "store an invitation", tx -> {
            String name = tx.lockSession(sessionId).orElse(null);
            tx.requireMember(sessionId, inviter.userId());
            if (!tx.accountExists(userId)) {
                throw new RpcException(ErrorCode.UNKNOWN_USER);
            }
            if (tx.role(sessionId, userId).isPresent()) {
                throw new RpcException(ErrorCode.ALREADY_A_MEMBER);
            }
            if (tx.memberCount(sessionId) >= MAX_MEMBERS) {
                throw new RpcException(ErrorCode.SESSION_FULL);
            }
            if (tx.hasPending("invitation", sessionId, userId)) {
                return null;
            }
            try (PreparedStatement insert = tx.connection.prepareStatement("INSERT INTO invitation (session_id, "
                    + "user_id, by_user_id, by_device_id, invited_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, sessionId);
                insert.setString(2, userId);
                insert.setString(3, inviter.userId());
                insert.setString(4, inviter.deviceId());
                insert.setLong(5, tx.now);
                insert.executeUpdate();
            }
            tx.enqueue(tx.userDevices(userId), QueuedEventType.INVITE_USER_TO_SESSION, sessionId, null, name, userId,
                    inviter.userId(), tx.now);
            return null;
        });
    }

    @Override
    public StoreChange<SessionInfo> acceptInvitation(DeviceKey invitee, String sessionId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "accept an invitation", tx -> {
            String name = tx.lockSession(sessionId).orElse(null);
            DeviceKey inviter;
            try (PreparedStatement select = tx.connection.prepareStatement(
                    "SELECT by_user_id, by_device_id FROM invitation WHERE session_id = ? AND user_id = ?")) {
                select.setString(1, sessionId);
                select.setString(2, invitee.userId());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new RpcException(ErrorCode.NO_SUCH_REQUEST, NO_INVITATION);
                    }
                    inviter = new DeviceKey(row.getString(1), row.getString(2));
                }
            }
            tx.deletePending("invitation", sessionId, invitee.userId());
            admit(tx, sessionId, invitee.userId(), inviter);
            tx.enqueue(tx.memberDevices(sessionId), QueuedEventType.ACCEPT_SESSION, sessionId, null, name,
                    invitee.userId(), inviter.userId(), tx.now);
            return reader.info(tx, sessionId, invitee.userId());
        });
    }

    @Override
    public StoreChange<Long> declineInvitation(DeviceKey invitee, String sessionId) {
        return SessionTx.inTransaction(database, 0, "decline an invitation", tx -> {
            tx.lockSession(sessionId);
            if (!tx.deletePending("invitation", sessionId, invitee.userId())) {
                throw new RpcException(ErrorCode.NO_SUCH_REQUEST, NO_INVITATION);
            }
            return null;
        });
    }

    @Override
    public StoreChange<Long> leave(DeviceKey member, String sessionId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "leave a conversation", tx -> {
            tx.lockSession(sessionId);
            SessionRole role = tx.requireMember(sessionId, member.userId());
            // appended while still a member: the one who leaves gets this last entry too
            long seq = tx.append(sessionId, new SessionTx.Entry(SessionEventKind.LEFT, member, member.userId(),
                    null, null, null), null, 0);
            removeMember(tx, sessionId, member.userId());
            new RoomKeyTx(tx).mark(sessionId, RekeyReason.MEMBER_LEFT);
            if (role == SessionRole.OWNER) {
                List<String> remaining = tx.memberUsers(sessionId);
                if (!remaining.isEmpty()) {
                    String next = remaining.get(0);
                    try (PreparedStatement update = tx.connection.prepareStatement(
                            "UPDATE session_member SET role = ? WHERE session_id = ? AND user_id = ?")) {
                        update.setString(1, SessionRole.OWNER.wireName());
                        update.setString(2, sessionId);
                        update.setString(3, next);
                        update.executeUpdate();
                    }
                    tx.append(sessionId, new SessionTx.Entry(SessionEventKind.OWNER_CHANGED, member, next, null, null,
                            null), null, 0);
                }
            }
            return seq;
        });
    }

    @Override
    public StoreChange<Long> remove(DeviceKey owner, String sessionId, String userId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "remove a member", tx -> {
            tx.lockSession(sessionId);
            tx.requireOwner(sessionId, owner.userId());
            if (userId.equals(owner.userId())) {
                throw new RpcException(ErrorCode.INVALID_PARAMS,
                        "The owner cannot remove themselves: use leave_session.");
            }
            if (tx.role(sessionId, userId).isEmpty()) {
                throw new RpcException(ErrorCode.NOT_A_MEMBER, "That user is not in this conversation.");
            }
            long seq = tx.append(sessionId, new SessionTx.Entry(SessionEventKind.REMOVED, owner, userId, null, null,
                    null), null, 0);
            removeMember(tx, sessionId, userId);
            new RoomKeyTx(tx).mark(sessionId, RekeyReason.MEMBER_LEFT);
            return seq;
        });
    }

    @Override
    public StoreChange<Long> rename(DeviceKey owner, String sessionId, String name, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "rename a conversation", tx -> {
            tx.lockSession(sessionId);
            tx.requireOwner(sessionId, owner.userId());
            try (PreparedStatement update = tx.connection.prepareStatement(
                    "UPDATE session SET name = ? WHERE session_id = ?")) {
                update.setString(1, name);
                update.setString(2, sessionId);
                update.executeUpdate();
            }
            return tx.append(sessionId, new SessionTx.Entry(SessionEventKind.RENAMED, owner, null, name, null, null),
                    null, 0);
        });
    }

    /** Makes {@code userId} a member with a {@code joined} entry by {@code actor}; answers its seq. */
    private static long admit(SessionTx tx, String sessionId, String userId, DeviceKey actor) throws SQLException {
        if (tx.role(sessionId, userId).isPresent()) {
            throw new RpcException(ErrorCode.ALREADY_A_MEMBER);
        }
        if (tx.memberCount(sessionId) >= MAX_MEMBERS) {
            throw new RpcException(ErrorCode.SESSION_FULL);
        }
        tx.deletePending("join_request", sessionId, userId);
        tx.deletePending("invitation", sessionId, userId);
        tx.addMember(sessionId, userId, SessionRole.MEMBER);
        RoomKeyTx keys = new RoomKeyTx(tx);
        if (!keys.state(sessionId).newMembersReadHistory()) {
            // the newcomer must not read what was said before: the next key is one they get with everyone
            keys.mark(sessionId, RekeyReason.MEMBER_JOINED);
        }
        return tx.append(sessionId, new SessionTx.Entry(SessionEventKind.JOINED, actor, userId, null, null, null),
                null, 0);
    }

    private static void removeMember(SessionTx tx, String sessionId, String userId) throws SQLException {
        tx.deletePending("session_member", sessionId, userId);
    }

    private static Optional<String> directSession(SessionTx tx, String pair) throws SQLException {
        try (PreparedStatement select = tx.connection.prepareStatement(
                "SELECT session_id FROM session WHERE direct_pair = ?")) {
            select.setString(1, pair);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private static String directPair(String a, String b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }

    static boolean isUniqueViolation(StoreException e) {
        return e.getCause() instanceof SQLException sql && SessionTx.UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
