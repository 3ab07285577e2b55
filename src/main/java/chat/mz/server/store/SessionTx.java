package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One transaction of the session and queue stores: the statements they share (locking a session to
 * number an entry, reading members and current devices, queueing) and the devices it queued for.
 */
final class SessionTx {
    static final String UNIQUE_VIOLATION = "23505";
    /** Current devices: on the account, not revoked. */
    private static final String CURRENT_DEVICE = "NOT EXISTS (SELECT 1 FROM revocation r "
            + "WHERE r.user_id = d.user_id AND r.device_id = d.device_id)";

    final Connection connection;
    final long now;
    private final Set<DeviceKey> queuedFor = new LinkedHashSet<>();

    private SessionTx(Connection connection, long now) {
        this.connection = connection;
        this.now = now;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(SessionTx tx) throws SQLException;
    }

    /** Runs {@code work} in one transaction; anything it throws rolls everything back. */
    static <T> StoreChange<T> inTransaction(ServerDatabase database, long now, String what, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                SessionTx tx = new SessionTx(connection, now);
                T value = work.run(tx);
                connection.commit();
                return new StoreChange<>(value, tx.queuedFor);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("The homeserver could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** Locks the session's row and takes its next seq (SESSION_NOT_FOUND if there is no such session). */
    long nextSeq(String sessionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE session SET last_seq = last_seq + 1, last_activity = ? WHERE session_id = ?")) {
            update.setLong(1, now);
            update.setString(2, sessionId);
            if (update.executeUpdate() == 0) {
                throw new RpcException(ErrorCode.SESSION_NOT_FOUND);
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_seq FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Locks the session's row without numbering anything, so that membership checks made after it
     * hold until commit (SESSION_NOT_FOUND if there is no such session); answers its name.
     */
    Optional<String> lockSession(String sessionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE session SET last_seq = last_seq WHERE session_id = ?")) {
            update.setString(1, sessionId);
            if (update.executeUpdate() == 0) {
                throw new RpcException(ErrorCode.SESSION_NOT_FOUND);
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return Optional.ofNullable(row.getString(1));
            }
        }
    }

    Optional<SessionRole> role(String sessionId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT role FROM session_member WHERE session_id = ? AND user_id = ?")) {
            select.setString(1, sessionId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(SessionRole.fromWire(row.getString(1))) : Optional.empty();
            }
        }
    }

    /** The caller's role; NOT_A_MEMBER if it has none. */
    SessionRole requireMember(String sessionId, String userId) throws SQLException {
        return role(sessionId, userId).orElseThrow(() -> new RpcException(ErrorCode.NOT_A_MEMBER));
    }

    void requireOwner(String sessionId, String userId) throws SQLException {
        if (requireMember(sessionId, userId) != SessionRole.OWNER) {
            throw new RpcException(ErrorCode.NOT_SESSION_OWNER);
        }
    }

    boolean accountExists(String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM account WHERE user_id = ?")) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    int memberCount(String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM session_member WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    List<String> memberUsers(String sessionId) throws SQLException {
        List<String> users = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM session_member WHERE session_id = ? ORDER BY member_no")) {
            select.setString(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(rows.getString(1));
                }
            }
        }
        return users;
    }

    void addMember(String sessionId, String userId, SessionRole role) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO session_member (session_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, sessionId);
            insert.setString(2, userId);
            insert.setString(3, role.wireName());
            insert.setLong(4, now);
            insert.executeUpdate();
        }
    }

    /** The owners of a session (one, or none once everyone left). */
    List<String> owners(String sessionId) throws SQLException {
        List<String> owners = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM session_member WHERE session_id = ? AND role = ?")) {
            select.setString(1, sessionId);
            select.setString(2, SessionRole.OWNER.wireName());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    owners.add(rows.getString(1));
                }
            }
        }
        return owners;
    }

    /** Whether {@code table} holds a row of (session, user): a join request or an invitation. */
    boolean hasPending(String table, String sessionId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM " + table + " WHERE session_id = ? AND user_id = ?")) {
            select.setString(1, sessionId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Deletes the row of (session, user) from {@code table}; answers whether there was one. */
    boolean deletePending(String table, String sessionId, String userId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE session_id = ? AND user_id = ?")) {
            delete.setString(1, sessionId);
            delete.setString(2, userId);
            return delete.executeUpdate() > 0;
        }
    }

    /** The current devices of the session's members. */
    List<DeviceKey> memberDevices(String sessionId) throws SQLException {
        return devices("SELECT d.user_id, d.device_id FROM session_member m JOIN device d ON d.user_id = m.user_id "
                + "WHERE m.session_id = ? AND " + CURRENT_DEVICE + " ORDER BY d.user_id, d.device_id", sessionId);
    }

    /** The current devices of one user. */
    List<DeviceKey> userDevices(String userId) throws SQLException {
        return devices("SELECT d.user_id, d.device_id FROM device d WHERE d.user_id = ? AND " + CURRENT_DEVICE
                + " ORDER BY d.device_id", userId);
    }

    private List<DeviceKey> devices(String sql, String key) throws SQLException {
        List<DeviceKey> devices = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    devices.add(new DeviceKey(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return devices;
    }

    /** A timeline entry to append; fields a kind does not use are null. */
    record Entry(SessionEventKind kind, DeviceKey actor, String subjectUserId, String name, String messageId,
                 String text, String ciphertext, Long keyEpoch) {

        /** An entry without encrypted content or key epoch. */
        Entry(SessionEventKind kind, DeviceKey actor, String subjectUserId, String name, String messageId,
              String text) {
            this(kind, actor, subjectUserId, name, messageId, text, null, null);
        }
    }

    /**
     * Numbers {@code entry}, stores it and queues it for the members' current devices, except
     * {@code skip} (the device that sent a message); answers its seq.
     */
    long append(String sessionId, Entry entry, DeviceKey skip, int receiptsOpen) throws SQLException {
        long seq = nextSeq(sessionId);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO timeline_event (session_id, seq, "
                + "kind, server_time, actor_user_id, actor_device_id, subject_user_id, name, message_id, text, "
                + "receipts_open, ciphertext, key_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, sessionId);
            insert.setLong(2, seq);
            insert.setString(3, entry.kind().wireName());
            insert.setLong(4, now);
            insert.setString(5, entry.actor() == null ? null : entry.actor().userId());
            insert.setString(6, entry.actor() == null ? null : entry.actor().deviceId());
            insert.setString(7, entry.subjectUserId());
            insert.setString(8, entry.name());
            insert.setString(9, entry.messageId());
            insert.setString(10, entry.text());
            insert.setInt(11, receiptsOpen);
            insert.setString(12, entry.ciphertext());
            setLong(insert, 13, entry.keyEpoch());
            insert.executeUpdate();
        }
        List<DeviceKey> to = new ArrayList<>(memberDevices(sessionId));
        to.remove(skip);
        enqueue(to, QueuedEventType.SESSION_EVENT, sessionId, seq, null, null, null, null);
        return seq;
    }

    /** Queues a notice (or a receipt, with {@code seq}) for {@code devices}. */
    void enqueue(Collection<DeviceKey> devices, QueuedEventType type, String sessionId, Long seq, String sessionName,
                 String subjectUserId, String byUserId, Long at) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_queue (user_id, device_id, "
                + "item_type, session_id, seq, session_name, subject_user_id, by_user_id, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DeviceKey device : devices) {
                insert.setString(1, device.userId());
                insert.setString(2, device.deviceId());
                insert.setString(3, type.wireName());
                insert.setString(4, sessionId);
                setLong(insert, 5, seq);
                insert.setString(6, sessionName);
                insert.setString(7, subjectUserId);
                insert.setString(8, byUserId);
                setLong(insert, 9, at);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        queuedFor.addAll(devices);
    }

    /** Records that something was queued for {@code devices}, so their waiting fetches are woken after commit. */
    void queued(Collection<DeviceKey> devices) {
        queuedFor.addAll(devices);
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
