package chat.mz.history;

import chat.mz.crypto.Bytes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The room keys of every conversation and what goes with them on this device: the counter its own
 * messages take, the replay windows of the devices it receives from, and each conversation's
 * encryption settings. Kept in the history file, so under its key, and every change is in the file
 * when the method returns: a key or counter lost to a crash would leave messages unreadable or let a
 * counter be used twice.
 *
 * <p>Safe to use from several threads, like {@link History}, which hands it out.
 */
public final class RoomKeyring {
    private static final String KEY_COLUMNS = "session_id, epoch, key_bytes, created_at, from_user_id, "
            + "from_device_id, confirmed";

    private final HistoryDatabase database;

    RoomKeyring(HistoryDatabase database) {
        this.database = database;
    }

    /**
     * Stores a room key. A key already stored for its epoch is kept, with one exception: a key this
     * device made and has not yet seen accepted (unconfirmed) gives way to the key that won, when two
     * devices offered a key for the same epoch at once.
     *
     * @return whether {@code key} is now the stored key of its epoch
     */
    public boolean add(StoredRoomKey key) {
        Objects.requireNonNull(key, "key");
        return database.write(c -> {
            Optional<StoredRoomKey> stored = one(c, key.sessionId(), key.epoch());
            if (stored.isPresent() && stored.get().confirmed()) {
                return false;
            }
            byte[] bytes = key.key();
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO room_key (" + KEY_COLUMNS + ") "
                    + "KEY (session_id, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, key.sessionId());
                merge.setLong(2, key.epoch());
                merge.setBytes(3, bytes);
                merge.setLong(4, key.createdAt().toEpochMilli());
                merge.setString(5, key.fromUserId());
                merge.setString(6, key.fromDeviceId());
                merge.setBoolean(7, key.confirmed());
                merge.executeUpdate();
            } finally {
                Bytes.wipe(bytes);
            }
            return true;
        });
    }

    /** The homeserver accepted the stored key of this epoch: from now on no other key replaces it. */
    public void confirm(String sessionId, long epoch) {
        database.write(c -> update(c, "UPDATE room_key SET confirmed = TRUE WHERE session_id = ? AND epoch = ?",
                sessionId, epoch));
    }

    /**
     * Forgets a key this device made that was never accepted, when another device's key won or the
     * offer failed. A confirmed key is never removed: messages may be encrypted under it.
     *
     * @return whether an unconfirmed key was removed
     */
    public boolean remove(String sessionId, long epoch) {
        return database.write(c -> update(c, "DELETE FROM room_key WHERE session_id = ? AND epoch = ? "
                + "AND confirmed = FALSE", sessionId, epoch));
    }

    public Optional<StoredRoomKey> get(String sessionId, long epoch) {
        return database.read(c -> one(c, sessionId, epoch));
    }

    /** The key of the highest epoch stored, confirmed or not. */
    public Optional<StoredRoomKey> latest(String sessionId) {
        return database.read(c -> {
            List<StoredRoomKey> keys = keys(c, "SELECT " + KEY_COLUMNS + " FROM room_key WHERE session_id = ? "
                    + "ORDER BY session_id DESC, epoch DESC LIMIT 1", sessionId);
            return keys.stream().findFirst();
        });
    }

    /** Every key of the conversation, by epoch, oldest first. */
    public List<StoredRoomKey> all(String sessionId) {
        return database.read(c -> keys(c, "SELECT " + KEY_COLUMNS + " FROM room_key WHERE session_id = ? "
                + "ORDER BY session_id, epoch", sessionId));
    }

    /**
     * Takes the next counter for a message this device sends in the conversation: 1, then 2, and so
     * on. A counter taken is never handed out again, even after a crash, so no two messages of this
     * device carry the same one (the receivers' replay windows would drop the second).
     */
    public long nextCounter(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return database.write(c -> {
            long next = 1;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT next_counter FROM room_counter WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        next = row.getLong(1);
                    }
                }
            }
            try (PreparedStatement merge = c.prepareStatement(
                    "MERGE INTO room_counter (session_id, next_counter) KEY (session_id) VALUES (?, ?)")) {
                merge.setString(1, sessionId);
                merge.setLong(2, next + 1);
                merge.executeUpdate();
            }
            return next;
        });
    }

    /**
     * The replay window of one sending device, as last stored with the messages it let in
     * ({@link History#addReceived(List, List, List)}); empty before its first message.
     */
    public Optional<byte[]> replayWindow(String sessionId, String senderUserId, String senderDeviceId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT window_bytes FROM replay_window "
                    + "WHERE session_id = ? AND sender_user_id = ? AND sender_device_id = ?")) {
                select.setString(1, sessionId);
                select.setString(2, senderUserId);
                select.setString(3, senderDeviceId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** The conversation's settings, or {@link RoomSettings#defaults} when none were stored. */
    public RoomSettings settings(String sessionId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT key_epoch, rekey_needed, rotation_seconds, "
                    + "new_members_read_history, e2ee_on FROM room_settings WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? new RoomSettings(sessionId, row.getLong(1), row.getBoolean(2), row.getLong(3),
                                    row.getBoolean(4), row.getBoolean(5))
                            : RoomSettings.defaults(sessionId);
                }
            }
        });
    }

    /** Stores the conversation's settings in place of any earlier ones. */
    public void saveSettings(RoomSettings settings) {
        Objects.requireNonNull(settings, "settings");
        database.write(c -> {
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO room_settings (session_id, key_epoch, "
                    + "rekey_needed, rotation_seconds, new_members_read_history, e2ee_on) KEY (session_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, settings.sessionId());
                merge.setLong(2, settings.keyEpoch());
                merge.setBoolean(3, settings.rekeyNeeded());
                merge.setLong(4, settings.rotationSeconds());
                merge.setBoolean(5, settings.newMembersReadHistory());
                merge.setBoolean(6, settings.e2eeOn());
                merge.executeUpdate();
            }
            return null;
        });
    }

    /** Stores replay windows, each in place of the one before; inside the write that stores their messages. */
    static void mergeWindows(Connection connection, List<StreamWindow> windows) throws SQLException {
        if (windows.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO replay_window (session_id, "
                + "sender_user_id, sender_device_id, window_bytes) KEY (session_id, sender_user_id, "
                + "sender_device_id) VALUES (?, ?, ?, ?)")) {
            for (StreamWindow window : windows) {
                merge.setString(1, window.sessionId());
                merge.setString(2, window.senderUserId());
                merge.setString(3, window.senderDeviceId());
                merge.setBytes(4, window.window());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private static Optional<StoredRoomKey> one(Connection connection, String sessionId, long epoch)
            throws SQLException {
        return keys(connection, "SELECT " + KEY_COLUMNS + " FROM room_key WHERE session_id = ? AND epoch = ?",
                sessionId, epoch).stream().findFirst();
    }

    private static List<StoredRoomKey> keys(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<StoredRoomKey> keys = new ArrayList<>();
                while (rows.next()) {
                    byte[] key = rows.getBytes(3);
                    keys.add(new StoredRoomKey(rows.getString(1), rows.getLong(2), key,
                            Instant.ofEpochMilli(rows.getLong(4)), rows.getString(5), rows.getString(6),
                            rows.getBoolean(7)));
                    Bytes.wipe(key);
                }
                return keys;
            }
        }
    }

    private static boolean update(Connection connection, String sql, String sessionId, long epoch)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sessionId);
            statement.setLong(2, epoch);
            return statement.executeUpdate() > 0;
        }
    }
}
