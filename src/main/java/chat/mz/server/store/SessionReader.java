package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionMember;
import chat.mz.protocol.session.SessionRole;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a session as one of its members sees it, its room key due or not at the transaction's time. */
final class SessionReader {
    SessionInfo info(SessionTx tx, String sessionId, String userId) throws SQLException {
        String name;
        boolean direct;
        boolean e2eeOn;
        long createdAt;
        long lastSeq;
        try (PreparedStatement select = tx.connection.prepareStatement("SELECT name, direct, e2ee_on, created_at, "
                + "last_seq FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new RpcException(ErrorCode.SESSION_NOT_FOUND);
                }
                name = row.getString(1);
                direct = row.getBoolean(2);
                e2eeOn = row.getBoolean(3);
                createdAt = row.getLong(4);
                lastSeq = row.getLong(5);
            }
        }
        List<SessionMember> members = new ArrayList<>();
        SessionRole yours = null;
        try (PreparedStatement select = tx.connection.prepareStatement("SELECT m.user_id, a.username, m.role, "
                + "m.joined_at FROM session_member m JOIN account a ON a.user_id = m.user_id "
                + "WHERE m.session_id = ? ORDER BY m.member_no")) {
            select.setString(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    SessionMember member = new SessionMember(rows.getString(1), rows.getString(2),
                            SessionRole.fromWire(rows.getString(3)), rows.getLong(4));
                    members.add(member);
                    if (member.userId().equals(userId)) {
                        yours = member.role();
                    }
                }
            }
        }
        if (yours == null) {
            throw new RpcException(ErrorCode.NOT_A_MEMBER);
        }
        RoomKeyTx.KeyState keys = new RoomKeyTx(tx).state(sessionId);
        return new SessionInfo(sessionId, name, direct, e2eeOn, createdAt, lastSeq, yours, members, keys.epoch(),
                keys.dueReason(tx.now) != null, keys.rotationSeconds(), keys.newMembersReadHistory());
    }
}
