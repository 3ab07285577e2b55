package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SessionEventKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code send_message} in one transaction: a resend answers the first send, a new message is
 * numbered and fanned out, and a session due for a new room key asks the sending device to make it.
 */
final class MessageSends {
    private final ServerDatabase database;

    MessageSends(ServerDatabase database) {
        this.database = database;
    }

    StoreChange<SendOutcome> send(DeviceKey sender, String sessionId, OutgoingMessage message, Instant now) {
        try {
            return sendOnce(sender, sessionId, message, now);
        } catch (StoreException e) {
            if (H2SessionStore.isUniqueViolation(e)) {
                // a racing resend of the same id stored it first: answer as a resend
                return sendOnce(sender, sessionId, message, now);
            }
            throw e;
        }
    }

    private StoreChange<SendOutcome> sendOnce(DeviceKey sender, String sessionId, OutgoingMessage message,
                                              Instant now) {
        return SessionTx.inTransaction(database, now.toEpochMilli(), "store a message", tx -> {
            SendMessageResult earlier = earlierSend(tx, sender, sessionId, message);
            if (earlier != null) {
                return SendOutcome.sent(earlier);
            }
            tx.lockSession(sessionId);
            tx.requireMember(sessionId, sender.userId());
            RoomKeyTx keys = new RoomKeyTx(tx);
            RoomKeyTx.KeyState state = keys.state(sessionId);
            String due = state.dueReason(tx.now);
            if (message.isEncrypted()) {
                if (!state.e2eeOn()) {
                    throw new RpcException(ErrorCode.E2EE_OFF);
                }
                if (message.keyEpoch() != state.epoch()) {
                    throw new RpcException(ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
                }
                if (due != null) {
                    // refused, but the request to re-key is committed: the device makes the key, then resends
                    keys.requestRekey(sessionId, state, due, sender);
                    return SendOutcome.refused(ErrorCode.ROOM_KEY_REPLACEMENT_DUE);
                }
            }
            SendMessageResult result = append(tx, sender, sessionId, message);
            if (due != null) {
                keys.requestRekey(sessionId, state, due, sender);
            }
            return SendOutcome.sent(result);
        });
    }

    /** The first send of this message id by this user, or null; MESSAGE_ID_REUSED if it was another message. */
    private static SendMessageResult earlierSend(SessionTx tx, DeviceKey sender, String sessionId,
                                                 OutgoingMessage message) throws SQLException {
        try (PreparedStatement select = tx.connection.prepareStatement("SELECT seq, server_time, text, ciphertext, "
                + "key_epoch FROM timeline_event WHERE session_id = ? AND actor_user_id = ? AND message_id = ?")) {
            select.setString(1, sessionId);
            select.setString(2, sender.userId());
            select.setString(3, message.messageId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                long epoch = row.getLong(5);
                Long keyEpoch = row.wasNull() ? null : epoch;
                boolean same = Objects.equals(message.text(), row.getString(3))
                        && Objects.equals(message.ciphertext(), row.getString(4))
                        && Objects.equals(message.keyEpoch(), keyEpoch);
                if (!same) {
                    throw new RpcException(ErrorCode.MESSAGE_ID_REUSED);
                }
                return new SendMessageResult(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static SendMessageResult append(SessionTx tx, DeviceKey sender, String sessionId, OutgoingMessage message)
            throws SQLException {
        List<String> others = tx.memberUsers(sessionId);
        others.remove(sender.userId());
        long seq = tx.append(sessionId, new SessionTx.Entry(SessionEventKind.MESSAGE, sender, null, null,
                message.messageId(), message.text(), message.ciphertext(), message.keyEpoch()), sender, others.size());
        try (PreparedStatement insert = tx.connection.prepareStatement(
                "INSERT INTO message_receipt (session_id, seq, user_id) VALUES (?, ?, ?)")) {
            for (String other : others) {
                insert.setString(1, sessionId);
                insert.setLong(2, seq);
                insert.setString(3, other);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        if (others.isEmpty()) {
            // nobody else to wait for: delivered to everyone there is
            tx.enqueue(tx.userDevices(sender.userId()), QueuedEventType.MESSAGE_DELIVERED, sessionId, seq,
                    null, null, null, null);
        }
        return new SendMessageResult(seq, tx.now);
    }
}
