package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pending invitations and join requests. One invitation per session (the latest inviter wins); one
 * join request per (session, requester). Storing the same one again changes nothing, so a
 * redelivered notice is harmless.
 */
final class Requests {
    private Requests() {
    }

    static void add(Connection connection, PendingRequest request) throws SQLException {
        String requester = request.kind() == PendingRequest.Kind.INVITATION ? "" : request.userId();
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO pending_request (kind, session_id, "
                + "requester_id, session_name, user_id, username, at) KEY (kind, session_id, requester_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            merge.setString(1, request.kind().name());
            merge.setString(2, request.sessionId());
            merge.setString(3, requester);
            merge.setString(4, request.sessionName());
            merge.setString(5, request.userId());
            merge.setString(6, request.username());
            merge.setLong(7, request.at().toEpochMilli());
            merge.executeUpdate();
        }
    }

    /** @param userId the requester for a join request; ignored for an invitation */
    static boolean remove(Connection connection, PendingRequest.Kind kind, String sessionId, String userId)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM pending_request WHERE kind = ? AND session_id = ? AND requester_id = ?")) {
            delete.setString(1, kind.name());
            delete.setString(2, sessionId);
            delete.setString(3, kind == PendingRequest.Kind.INVITATION ? "" : userId);
            return delete.executeUpdate() > 0;
        }
    }

    static List<PendingRequest> all(Connection connection) throws SQLException {
        List<PendingRequest> requests = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT kind, session_id, session_name, user_id, "
                + "username, at FROM pending_request ORDER BY at DESC, session_id, requester_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                requests.add(new PendingRequest(PendingRequest.Kind.valueOf(rows.getString(1)), rows.getString(2),
                        rows.getString(3), rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6))));
            }
        }
        return requests;
    }
}
