package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.WrappedRoomKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The room key statements of one {@link SessionTx}: reading and marking a session's key state, and
 * queueing the items that carry wrapped keys and re-keying requests. The homeserver handles room
 * keys only wrapped to a device, so nothing here can read one.
 */
final class RoomKeyTx {
    private final SessionTx tx;

    RoomKeyTx(SessionTx tx) {
        this.tx = tx;
    }

    /**
     * A session's encryption settings and room key state.
     *
     * @param markedReason why the key was marked due since the last replacement; null when it was not
     * @param rekeyedAt    when the current key was made; null before the first
     */
    record KeyState(boolean e2eeOn, long epoch, String markedReason, Long rekeyedAt, long rotationSeconds,
                    boolean newMembersReadHistory) {

        /** Why a new key is due at {@code now}, or null when it is not (never while encryption is off). */
        String dueReason(long now) {
            if (!e2eeOn) {
                return null;
            }
            if (markedReason != null) {
                return markedReason;
            }
            if (epoch == 0) {
                // never marked off without a key, but a message must not be taken under a key nobody made
                return RekeyReason.CREATED.wireName();
            }
            boolean rotationDue = rotationSeconds > 0 && rekeyedAt != null
                    && now - rekeyedAt >= rotationSeconds * 1000;
            return rotationDue ? RekeyReason.ROTATION_DUE.wireName() : null;
        }
    }

    /** The session's key state (SESSION_NOT_FOUND); lock the session first when acting on it. */
    KeyState state(String sessionId) throws SQLException {
        try (PreparedStatement select = tx.connection.prepareStatement("SELECT e2ee_on, key_epoch, rekey_needed, "
                + "rekey_reason, rekeyed_at, rotation_seconds, new_members_read_history FROM session "
                + "WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new RpcException(ErrorCode.SESSION_NOT_FOUND);
                }
                long rekeyedAt = row.getLong(5);
                Long rekeyed = row.wasNull() ? null : rekeyedAt;
                String reason = row.getBoolean(3) ? row.getString(4) : null;
                return new KeyState(row.getBoolean(1), row.getLong(2), reason, rekeyed, row.getLong(6),
                        row.getBoolean(7));
            }
        }
    }

    /**
     * Marks the session's key due, when its encryption is on. The first reason since the last
     * replacement stays: a key made for it answers the later ones too.
     */
    void mark(String sessionId, RekeyReason reason) throws SQLException {
        try (PreparedStatement update = tx.connection.prepareStatement("UPDATE session SET rekey_needed = TRUE, "
                + "rekey_reason = COALESCE(rekey_reason, ?) WHERE session_id = ? AND e2ee_on = TRUE")) {
            update.setString(1, reason.wireName());
            update.setString(2, sessionId);
            update.executeUpdate();
        }
    }

    /** Marks every encrypted session {@code userId} is in (one of their devices was revoked); answers how many. */
    int markSessionsOf(String userId, RekeyReason reason) throws SQLException {
        try (PreparedStatement update = tx.connection.prepareStatement("UPDATE session SET rekey_needed = TRUE, "
                + "rekey_reason = COALESCE(rekey_reason, ?) WHERE e2ee_on = TRUE AND session_id IN "
                + "(SELECT session_id FROM session_member WHERE user_id = ?)")) {
            update.setString(1, reason.wireName());
            update.setString(2, userId);
            return update.executeUpdate();
        }
    }

    /**
     * Asks {@code device} to make the next key: one {@code UpdateRoomKeyNotification}, then one
     * {@code SendRoomKeyNotification} per current device of every member but {@code device} itself.
     */
    void requestRekey(String sessionId, KeyState state, String reason, DeviceKey device) throws SQLException {
        long next = state.epoch() + 1;
        List<KeyItem> items = new ArrayList<>();
        items.add(KeyItem.update(device, next, reason));
        for (DeviceKey recipient : recipients(sessionId, device)) {
            items.add(KeyItem.recipient(device, next, recipient));
        }
        enqueue(sessionId, items);
    }

    /** The current devices of every member except {@code sender}: who a new key must go to. */
    List<DeviceKey> recipients(String sessionId, DeviceKey sender) throws SQLException {
        List<DeviceKey> devices = new ArrayList<>(tx.memberDevices(sessionId));
        devices.remove(sender);
        return devices;
    }

    /** NOT_A_MEMBER_DEVICE unless every key is addressed to one of {@code allowed}. */
    static void requireAddressedTo(Collection<WrappedRoomKey> keys, Collection<DeviceKey> allowed) {
        Set<DeviceKey> allowedSet = new HashSet<>(allowed);
        for (WrappedRoomKey key : keys) {
            if (!allowedSet.contains(address(key))) {
                throw new RpcException(ErrorCode.NOT_A_MEMBER_DEVICE);
            }
        }
    }

    static DeviceKey address(WrappedRoomKey key) {
        return new DeviceKey(key.userId(), key.deviceId());
    }

    /** Moves the session to {@code epoch} if it is still at {@code epoch - 1}; answers whether it did. */
    boolean replace(String sessionId, long epoch) throws SQLException {
        try (PreparedStatement update = tx.connection.prepareStatement("UPDATE session SET key_epoch = ?, "
                + "rekey_needed = FALSE, rekey_reason = NULL, rekeyed_at = ? WHERE session_id = ? AND key_epoch = ?")) {
            update.setLong(1, epoch);
            update.setLong(2, tx.now);
            update.setString(3, sessionId);
            update.setLong(4, epoch - 1);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * One queue item about room keys; the fields its type does not use are null.
     *
     * @param epoch the key's epoch; for {@code UpdateRoomKeyNotification} the epoch to make
     */
    record KeyItem(DeviceKey to, QueuedEventType type, Long epoch, String sessionName, String subjectUserId,
                   String byUserId, Long at, String fromDeviceId, String wrappedKey, String signature, String reason,
                   String recipientDeviceId) {

        static KeyItem update(DeviceKey to, long nextEpoch, String reason) {
            return new KeyItem(to, QueuedEventType.UPDATE_ROOM_KEY, nextEpoch, null, null, null, null, null, null,
                    null, reason, null);
        }

        static KeyItem recipient(DeviceKey to, long epoch, DeviceKey recipient) {
            return new KeyItem(to, QueuedEventType.SEND_ROOM_KEY, epoch, null, recipient.userId(), null, null, null,
                    null, null, null, recipient.deviceId());
        }

        static KeyItem delivery(WrappedRoomKey key, long epoch, DeviceKey from) {
            return new KeyItem(address(key), QueuedEventType.RECEIVE_ROOM_KEY, epoch, null, null, from.userId(), null,
                    from.deviceId(), key.wrappedKey(), key.signature(), null, null);
        }

        /** An {@code AllowUserJoinSessionNotification}, with {@code key} (wrapped to {@code to}) when there is one. */
        static KeyItem allowed(DeviceKey to, String sessionName, DeviceKey approver, long at, long epoch,
                               WrappedRoomKey key) {
            return new KeyItem(to, QueuedEventType.ALLOW_USER_JOIN_SESSION, key == null ? null : epoch, sessionName,
                    to.userId(), approver.userId(), at, key == null ? null : approver.deviceId(),
                    key == null ? null : key.wrappedKey(), key == null ? null : key.signature(), null, null);
        }
    }

    /** Queues {@code items} in their order. */
    void enqueue(String sessionId, List<KeyItem> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = tx.connection.prepareStatement("INSERT INTO device_queue (user_id, device_id, "
                + "item_type, session_id, epoch, session_name, subject_user_id, by_user_id, at, from_device_id, "
                + "wrapped_key, key_signature, reason, recipient_device_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            List<DeviceKey> devices = new ArrayList<>();
            for (KeyItem item : items) {
                insert.setString(1, item.to().userId());
                insert.setString(2, item.to().deviceId());
                insert.setString(3, item.type().wireName());
                insert.setString(4, sessionId);
                SessionTx.setLong(insert, 5, item.epoch());
                insert.setString(6, item.sessionName());
                insert.setString(7, item.subjectUserId());
                insert.setString(8, item.byUserId());
                SessionTx.setLong(insert, 9, item.at());
                insert.setString(10, item.fromDeviceId());
                insert.setString(11, item.wrappedKey());
                insert.setString(12, item.signature());
                insert.setString(13, item.reason());
                insert.setString(14, item.recipientDeviceId());
                insert.addBatch();
                devices.add(item.to());
            }
            insert.executeBatch();
            tx.queued(devices);
        }
    }

    /** Takes back requests to wrap a key to a device that was revoked: a revoked device is never named. */
    int forgetRecipient(DeviceKey revoked) throws SQLException {
        try (PreparedStatement delete = tx.connection.prepareStatement("DELETE FROM device_queue "
                + "WHERE item_type = ? AND subject_user_id = ? AND recipient_device_id = ?")) {
            delete.setString(1, QueuedEventType.SEND_ROOM_KEY.wireName());
            delete.setString(2, revoked.userId());
            delete.setString(3, revoked.deviceId());
            return delete.executeUpdate();
        }
    }
}
