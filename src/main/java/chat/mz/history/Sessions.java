package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The conversation list and the members of each conversation. */
final class Sessions {
    private static final String SUMMARY_COLUMNS = "session_id, name, direct, e2ee_on, membership, my_role, last_seq, "
            + "last_activity, last_preview, unread_count";

    private Sessions() {
    }

    static void upsert(Connection connection, SessionFacts facts, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE session SET name = ?, direct = ?, "
                + "e2ee_on = ?, membership = ?, my_role = ? WHERE session_id = ?")) {
            update.setString(1, facts.name());
            update.setBoolean(2, facts.direct());
            update.setBoolean(3, facts.e2eeOn());
            update.setString(4, facts.membership().name());
            update.setString(5, facts.myRole());
            update.setString(6, facts.sessionId());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        insert(connection, facts, now);
    }

    /**
     * Makes sure a row exists for a conversation an entry arrived in before its facts did; the
     * placeholder facts are replaced by the next {@link #upsert}.
     */
    static void ensure(Connection connection, String sessionId, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
        }
        insert(connection, new SessionFacts(sessionId, sessionId, false, true, Membership.MEMBER, "member"), now);
    }

    private static void insert(Connection connection, SessionFacts facts, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO session (session_id, name, direct, "
                + "e2ee_on, membership, my_role, last_seq, last_activity, last_preview, read_seq, unread_count) "
                + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, 0, 0)")) {
            insert.setString(1, facts.sessionId());
            insert.setString(2, facts.name());
            insert.setBoolean(3, facts.direct());
            insert.setBoolean(4, facts.e2eeOn());
            insert.setString(5, facts.membership().name());
            insert.setString(6, facts.myRole());
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    static List<SessionSummary> all(Connection connection) throws SQLException {
        // backwards along session_by_activity: no sort
        try (PreparedStatement select = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS
                + " FROM session ORDER BY last_activity DESC, session_id DESC");
             ResultSet rows = select.executeQuery()) {
            List<SessionSummary> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(summary(rows));
            }
            return sessions;
        }
    }

    static Optional<SessionSummary> one(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS
                + " FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(summary(row)) : Optional.empty();
            }
        }
    }

    static int totalUnread(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(SUM(unread_count), 0) FROM session");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static SessionSummary summary(ResultSet row) throws SQLException {
        return new SessionSummary(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4),
                Membership.valueOf(row.getString(5)), row.getString(6), row.getLong(7),
                Instant.ofEpochMilli(row.getLong(8)), row.getString(9), row.getInt(10));
    }

    static void replaceMembers(Connection connection, String sessionId, List<Member> members) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM member WHERE session_id = ?")) {
            delete.setString(1, sessionId);
            delete.executeUpdate();
        }
        for (Member member : members) {
            if (!member.sessionId().equals(sessionId)) {
                throw new IllegalArgumentException("member " + member.userId() + " belongs to " + member.sessionId()
                        + ", not " + sessionId);
            }
            addMember(connection, member);
        }
    }

    static void addMember(Connection connection, Member member) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO member (session_id, user_id, username, member_role) KEY (session_id, user_id) "
                        + "VALUES (?, ?, ?, ?)")) {
            merge.setString(1, member.sessionId());
            merge.setString(2, member.userId());
            merge.setString(3, member.username());
            merge.setString(4, member.role());
            merge.executeUpdate();
        }
    }

    static boolean removeMember(Connection connection, String sessionId, String userId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM member WHERE session_id = ? AND user_id = ?")) {
            delete.setString(1, sessionId);
            delete.setString(2, userId);
            return delete.executeUpdate() == 1;
        }
    }

    static List<Member> members(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT session_id, user_id, username, member_role "
                + "FROM member WHERE session_id = ? ORDER BY username, user_id")) {
            select.setString(1, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                List<Member> members = new ArrayList<>();
                while (rows.next()) {
                    members.add(new Member(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
                return members;
            }
        }
    }
}
