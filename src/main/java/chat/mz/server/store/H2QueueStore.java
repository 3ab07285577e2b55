package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.MembershipNotice;
import chat.mz.protocol.session.MessageDelivered;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.RoomKeyRecipient;
import chat.mz.protocol.session.RoomKeyUpdate;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.sync.SyncDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link QueueStore} on the homeserver's H2 database, in plain SQL that PostgreSQL also speaks. */
public final class H2QueueStore implements QueueStore {
    private static final String FETCH = "SELECT q.queue_id, q.item_type, q.session_id, q.seq, q.session_name, "
            + "q.subject_user_id, qs.username, q.by_user_id, qb.username, q.at, "
            + "e.server_time, e.kind, e.actor_user_id, ea.username, e.actor_device_id, e.subject_user_id, "
            + "es.username, e.name, e.message_id, e.text, e.ciphertext, e.key_epoch, "
            + "q.epoch, q.from_device_id, q.wrapped_key, q.key_signature, q.reason, q.recipient_device_id, q.payload "
            + "FROM device_queue q "
            + "LEFT JOIN timeline_event e ON e.session_id = q.session_id AND e.seq = q.seq "
            + "LEFT JOIN account qs ON qs.user_id = q.subject_user_id "
            + "LEFT JOIN account qb ON qb.user_id = q.by_user_id "
            + "LEFT JOIN account ea ON ea.user_id = e.actor_user_id "
            + "LEFT JOIN account es ON es.user_id = e.subject_user_id "
            + "WHERE q.user_id = ? AND q.device_id = ? ORDER BY q.queue_id FETCH FIRST ? ROWS ONLY";

    private final ServerDatabase database;

    public H2QueueStore(ServerDatabase database) {
        this.database = database;
    }

    @Override
    public StoreChange<Integer> acknowledge(DeviceKey device, Collection<Long> queueIds, Instant now) {
        Set<Long> ids = new LinkedHashSet<>(queueIds);
        if (ids.isEmpty()) {
            return new StoreChange<>(0, Set.of());
        }
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return SessionTx.inTransaction(database, now.toEpochMilli(), "acknowledge queue items", tx -> {
            List<long[]> events = new ArrayList<>();
            List<String> eventSessions = new ArrayList<>();
            try (PreparedStatement select = tx.connection.prepareStatement("SELECT session_id, seq FROM device_queue "
                    + "WHERE user_id = ? AND device_id = ? AND item_type = ? AND queue_id IN (" + in + ")")) {
                int index = bindDevice(select, device);
                select.setString(++index, QueuedEventType.SESSION_EVENT.wireName());
                bindIds(select, index, ids);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        eventSessions.add(rows.getString(1));
                        events.add(new long[] {rows.getLong(2)});
                    }
                }
            }
            int deleted;
            try (PreparedStatement delete = tx.connection.prepareStatement("DELETE FROM device_queue "
                    + "WHERE user_id = ? AND device_id = ? AND queue_id IN (" + in + ")")) {
                bindIds(delete, bindDevice(delete, device), ids);
                deleted = delete.executeUpdate();
            }
            for (int i = 0; i < events.size(); i++) {
                completeReceipt(tx, eventSessions.get(i), events.get(i)[0], device.userId());
            }
            return deleted;
        });
    }

    /** The user's first acknowledgement of a message; the last one owed queues the sender's receipt. */
    private static void completeReceipt(SessionTx tx, String sessionId, long seq, String userId) throws SQLException {
        try (PreparedStatement delete = tx.connection.prepareStatement(
                "DELETE FROM message_receipt WHERE session_id = ? AND seq = ? AND user_id = ?")) {
            delete.setString(1, sessionId);
            delete.setLong(2, seq);
            delete.setString(3, userId);
            if (delete.executeUpdate() == 0) {
                return;
            }
        }
        // the update locks the message's row, so of two last acknowledgements racing, the second
        // sees the count the first left, and exactly one of them reaches zero
        try (PreparedStatement update = tx.connection.prepareStatement("UPDATE timeline_event "
                + "SET receipts_open = receipts_open - 1 WHERE session_id = ? AND seq = ?")) {
            update.setString(1, sessionId);
            update.setLong(2, seq);
            update.executeUpdate();
        }
        try (PreparedStatement select = tx.connection.prepareStatement(
                "SELECT receipts_open, actor_user_id FROM timeline_event WHERE session_id = ? AND seq = ?")) {
            select.setString(1, sessionId);
            select.setLong(2, seq);
            try (ResultSet row = select.executeQuery()) {
                if (row.next() && row.getInt(1) == 0) {
                    tx.enqueue(tx.userDevices(row.getString(2)), QueuedEventType.MESSAGE_DELIVERED, sessionId, seq,
                            null, null, null, null);
                }
            }
        }
    }

    @Override
    public List<QueuedEvent> fetch(DeviceKey device, int limit) {
        return SessionTx.inTransaction(database, 0, "read a queue", tx -> {
            List<QueuedEvent> events = new ArrayList<>();
            try (PreparedStatement select = tx.connection.prepareStatement(FETCH)) {
                int index = bindDevice(select, device);
                select.setInt(index + 1, limit);
                long payloadBytes = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byte[] payload = rows.getBytes(29);
                        long size = payload == null ? 0 : payload.length;
                        if (!events.isEmpty() && size > 0 && payloadBytes + size > MAX_FETCH_PAYLOAD_BYTES) {
                            break; // the rest comes with the next fetch
                        }
                        payloadBytes += size;
                        events.add(item(rows, payload));
                    }
                }
            }
            return events;
        }).value();
    }

    @Override
    public int drop(DeviceKey device) {
        return SessionTx.inTransaction(database, 0, "drop a queue", tx -> {
            try (PreparedStatement delete = tx.connection.prepareStatement(
                    "DELETE FROM device_queue WHERE user_id = ? AND device_id = ?")) {
                bindDevice(delete, device);
                return delete.executeUpdate();
            }
        }).value();
    }

    @Override
    public StoreChange<Integer> queueSyncEvent(DeviceKey from, Map<String, byte[]> payloads, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "queue a sync event", tx -> {
            Set<String> siblings = new HashSet<>();
            for (DeviceKey device : tx.userDevices(from.userId())) {
                siblings.add(device.deviceId());
            }
            siblings.remove(from.deviceId());
            List<DeviceKey> to = new ArrayList<>();
            for (String deviceId : payloads.keySet()) {
                if (!siblings.contains(deviceId)) {
                    throw new RpcException(ErrorCode.NOT_A_SIBLING_DEVICE, "Device " + deviceId
                            + " is not another current device of your account; no sync event was sent.");
                }
                to.add(new DeviceKey(from.userId(), deviceId));
            }
            try (PreparedStatement insert = tx.connection.prepareStatement("INSERT INTO device_queue (user_id, "
                    + "device_id, item_type, from_device_id, at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (DeviceKey device : to) {
                    insert.setString(1, device.userId());
                    insert.setString(2, device.deviceId());
                    insert.setString(3, QueuedEventType.SYNC_EVENT.wireName());
                    insert.setString(4, from.deviceId());
                    insert.setLong(5, tx.now);
                    insert.setBytes(6, payloads.get(device.deviceId()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            tx.queued(to);
            return to.size();
        });
    }

    private static QueuedEvent item(ResultSet row, byte[] payload) throws SQLException {
        long queueId = row.getLong(1);
        QueuedEventType type = QueuedEventType.fromWire(row.getString(2));
        String sessionId = row.getString(3);
        long seq = row.getLong(4);
        return switch (type) {
            case SYNC_EVENT -> QueuedEvent.sync(queueId, new SyncDelivery(row.getString(24),
                    Base64.getEncoder().encodeToString(payload), row.getLong(10)));
            case SESSION_EVENT -> new QueuedEvent(queueId, type, new SessionEvent(sessionId, seq, row.getLong(11),
                    SessionEventKind.fromWire(row.getString(12)), row.getString(13), row.getString(14),
                    row.getString(15), row.getString(16), row.getString(17), row.getString(18), row.getString(19),
                    row.getString(20), row.getString(21), nullableLong(row, 22)), null, null);
            case MESSAGE_DELIVERED -> new QueuedEvent(queueId, type, null, null,
                    new MessageDelivered(sessionId, seq, row.getString(19)));
            case RECEIVE_ROOM_KEY -> new QueuedEvent(queueId, type, null, null, null, roomKey(row, sessionId), null,
                    null);
            case UPDATE_ROOM_KEY -> new QueuedEvent(queueId, type, null, null, null, null,
                    new RoomKeyUpdate(sessionId, row.getLong(23), row.getString(27)), null);
            case SEND_ROOM_KEY -> new QueuedEvent(queueId, type, null, null, null, null, null,
                    new RoomKeyRecipient(sessionId, row.getLong(23), row.getString(6), row.getString(28)));
            default -> new QueuedEvent(queueId, type, null, new MembershipNotice(sessionId, row.getString(5),
                    row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getLong(10),
                    row.getString(25) == null ? null : roomKey(row, sessionId)), null);
        };
    }

    /** A wrapped room key as the item carries it; only a notice that has one sets {@code wrapped_key}. */
    private static RoomKeyDelivery roomKey(ResultSet row, String sessionId) throws SQLException {
        return new RoomKeyDelivery(sessionId, row.getLong(23), row.getString(8), row.getString(24), row.getString(25),
                row.getString(26));
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static int bindDevice(PreparedStatement statement, DeviceKey device) throws SQLException {
        statement.setString(1, device.userId());
        statement.setString(2, device.deviceId());
        return 2;
    }

    private static void bindIds(PreparedStatement statement, int after, Set<Long> ids) throws SQLException {
        int index = after;
        for (long id : ids) {
            statement.setLong(++index, id);
        }
    }
}
