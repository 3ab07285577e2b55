package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.WrappedRoomKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link RoomKeyStore} on the homeserver's H2 database, in plain SQL that PostgreSQL also speaks. */
public final class H2RoomKeyStore implements RoomKeyStore {
    private final ServerDatabase database;

    /** @param database the homeserver's database, its schema up to date */
    public H2RoomKeyStore(ServerDatabase database) {
        this.database = database;
    }

    @Override
    public StoreChange<SendRoomKeyResult> sendRoomKey(DeviceKey sender, String sessionId, long epoch, boolean replace,
                                                      List<WrappedRoomKey> keys, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "store a room key", tx -> {
            // the row lock makes the epoch check and the swap below one step: a racing replacement waits
            tx.lockSession(sessionId);
            tx.requireMember(sessionId, sender.userId());
            RoomKeyTx roomKeys = new RoomKeyTx(tx);
            RoomKeyTx.KeyState state = roomKeys.state(sessionId);
            if (!state.e2eeOn()) {
                throw new RpcException(ErrorCode.E2EE_OFF);
            }
            long expected = replace ? state.epoch() + 1 : state.epoch();
            if (epoch != expected || (!replace && epoch == 0)) {
                throw new RpcException(ErrorCode.ROOM_KEY_EPOCH_MISMATCH, mismatch(state.epoch(), replace));
            }
            List<DeviceKey> recipients = replace ? roomKeys.recipients(sessionId, sender)
                    : tx.memberDevices(sessionId);
            RoomKeyTx.requireAddressedTo(keys, recipients);
            Long seq = null;
            if (replace) {
                Set<DeviceKey> addressed = new HashSet<>();
                keys.forEach(key -> addressed.add(RoomKeyTx.address(key)));
                if (!addressed.containsAll(recipients)) {
                    throw new RpcException(ErrorCode.ROOM_KEYS_INCOMPLETE);
                }
                if (!roomKeys.replace(sessionId, epoch)) {
                    throw new RpcException(ErrorCode.ROOM_KEY_EPOCH_MISMATCH, mismatch(state.epoch(), true));
                }
            }
            roomKeys.enqueue(sessionId, keys.stream().map(key -> RoomKeyTx.KeyItem.delivery(key, epoch, sender))
                    .toList());
            if (replace) {
                seq = tx.append(sessionId, new SessionTx.Entry(SessionEventKind.KEY_REPLACED, sender, null, null,
                        null, null, null, epoch), null, 0);
            }
            return new SendRoomKeyResult(epoch, seq);
        });
    }

    @Override
    public StoreChange<Long> e2eeize(DeviceKey owner, String sessionId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "switch encryption on", tx -> {
            tx.lockSession(sessionId);
            tx.requireOwner(sessionId, owner.userId());
            RoomKeyTx roomKeys = new RoomKeyTx(tx);
            if (roomKeys.state(sessionId).e2eeOn()) {
                roomKeys.mark(sessionId, RekeyReason.REQUESTED);
                return null;
            }
            setE2ee(tx, sessionId, true);
            roomKeys.mark(sessionId, RekeyReason.E2EE_ON);
            return tx.append(sessionId, new SessionTx.Entry(SessionEventKind.E2EE_ON, owner, null, null, null, null),
                    null, 0);
        });
    }

    @Override
    public StoreChange<Long> dee2eeize(DeviceKey owner, String sessionId, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "switch encryption off", tx -> {
            tx.lockSession(sessionId);
            tx.requireOwner(sessionId, owner.userId());
            if (!new RoomKeyTx(tx).state(sessionId).e2eeOn()) {
                return null;
            }
            setE2ee(tx, sessionId, false);
            return tx.append(sessionId, new SessionTx.Entry(SessionEventKind.E2EE_OFF, owner, null, null, null, null),
                    null, 0);
        });
    }

    @Override
    public StoreChange<Long> updateSettings(DeviceKey owner, String sessionId, Long rotationSeconds,
                                            Boolean newMembersReadHistory, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "change conversation settings", tx -> {
            tx.lockSession(sessionId);
            tx.requireOwner(sessionId, owner.userId());
            RoomKeyTx.KeyState state = new RoomKeyTx(tx).state(sessionId);
            long rotation = rotationSeconds == null ? state.rotationSeconds() : rotationSeconds;
            boolean history = newMembersReadHistory == null ? state.newMembersReadHistory() : newMembersReadHistory;
            if (rotation == state.rotationSeconds() && history == state.newMembersReadHistory()) {
                return null;
            }
            try (PreparedStatement update = tx.connection.prepareStatement("UPDATE session SET rotation_seconds = ?, "
                    + "new_members_read_history = ? WHERE session_id = ?")) {
                update.setLong(1, rotation);
                update.setBoolean(2, history);
                update.setString(3, sessionId);
                update.executeUpdate();
            }
            return tx.append(sessionId, new SessionTx.Entry(SessionEventKind.SETTINGS_CHANGED, owner, null, null, null,
                    null), null, 0);
        });
    }

    @Override
    public int deviceRevoked(DeviceKey device, Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "mark conversations for a new room key", tx -> {
            RoomKeyTx roomKeys = new RoomKeyTx(tx);
            roomKeys.forgetRecipient(device);
            return roomKeys.markSessionsOf(device.userId(), RekeyReason.DEVICE_REVOKED);
        }).value();
    }

    /**
     * Switches encryption; switching it off also clears the mark, since no encrypted message can be
     * sent then, and switching it on again marks the session anew.
     */
    private static void setE2ee(SessionTx tx, String sessionId, boolean on) throws SQLException {
        try (PreparedStatement update = tx.connection.prepareStatement("UPDATE session SET e2ee_on = ?, "
                + "rekey_needed = FALSE, rekey_reason = NULL WHERE session_id = ?")) {
            update.setBoolean(1, on);
            update.setString(2, sessionId);
            update.executeUpdate();
        }
    }

    private static String mismatch(long current, boolean replace) {
        if (replace) {
            return "A new room key must be epoch " + (current + 1) + ", the one after the conversation's current "
                    + "epoch " + current + ".";
        }
        return current == 0 ? "This conversation has no room key yet: send a new one (replace) as epoch 1."
                : "Only the current room key, epoch " + current + ", can be passed on.";
    }
}
