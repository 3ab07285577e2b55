package chat.mz.history;

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
 * The encrypted form of entries, kept beside their text while it may still be needed: a received
 * message this device could not open waits under the epoch of its key, and our own pending message
 * keeps what it will be sent as. Runs inside the history's transactions like {@link Timeline}.
 */
final class SealedRows {
    private static final String UNREADABLE = Protection.UNREADABLE.name();
    /** Our own pending entry with this message id: unsequenced, so found at the NULL end of entry_by_seq. */
    private static final String PENDING_BY_MESSAGE = "e.session_id = ? AND e.seq IS NULL AND e.message_id = ? "
            + "AND e.outgoing = TRUE AND EXISTS (SELECT 1 FROM outbox o WHERE o.entry_id = e.entry_id)";

    private SealedRows() {
    }

    /** Keeps each body on its entry, if that entry is unreadable; the others are ignored. */
    static void attach(Connection connection, List<SealedBody> bodies) throws SQLException {
        if (bodies.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE entry SET key_epoch = ?, sealed = ? "
                + "WHERE session_id = ? AND seq = ? AND protection = '" + UNREADABLE + "'")) {
            for (SealedBody body : bodies) {
                update.setLong(1, body.keyEpoch());
                update.setBytes(2, body.sealed());
                update.setString(3, body.sessionId());
                update.setLong(4, body.seq());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** The kept bodies of unreadable entries waiting for one epoch's key, by seq. */
    static List<SealedBody> unreadable(Connection connection, String sessionId, long keyEpoch) throws SQLException {
        // entry_by_key_epoch leads to the few entries with this epoch, not the whole conversation
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, sealed FROM entry "
                + "WHERE key_epoch = ? AND session_id = ? AND protection = '" + UNREADABLE + "' "
                + "AND sealed IS NOT NULL ORDER BY seq")) {
            select.setLong(1, keyEpoch);
            select.setString(2, sessionId);
            try (ResultSet rows = select.executeQuery()) {
                List<SealedBody> bodies = new ArrayList<>();
                while (rows.next()) {
                    bodies.add(new SealedBody(sessionId, rows.getLong(1), keyEpoch, rows.getBytes(2)));
                }
                return bodies;
            }
        }
    }

    /**
     * Gives an unreadable entry its text, drops its kept body, and indexes the text when it is
     * readable now. Its place in the timeline and the conversation's preview stay as they were.
     */
    static boolean reveal(Connection connection, String sessionId, long seq, String text, Protection protection)
            throws SQLException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(protection, "protection");
        long entryId;
        Entry.Kind kind;
        Instant sortTime;
        try (PreparedStatement select = connection.prepareStatement("SELECT entry_id, kind, "
                + "COALESCE(server_time, created_at) FROM entry WHERE session_id = ? AND seq = ? "
                + "AND protection = '" + UNREADABLE + "'")) {
            select.setString(1, sessionId);
            select.setLong(2, seq);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                entryId = row.getLong(1);
                kind = Entry.Kind.valueOf(row.getString(2));
                sortTime = Instant.ofEpochMilli(row.getLong(3));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE entry SET body = ?, protection = ?, sealed = NULL WHERE entry_id = ?")) {
            update.setString(1, text);
            update.setString(2, protection.name());
            update.setLong(3, entryId);
            update.executeUpdate();
        }
        if (kind == Entry.Kind.TEXT && protection != Protection.UNREADABLE) {
            SearchSegments.Pending postings = new SearchSegments.Pending();
            postings.add(entryId, sortTime, text);
            postings.write(connection);
        }
        return true;
    }

    /** Keeps what our pending message will be sent as. @return false when it is not in the outbox */
    static boolean setSealed(Connection connection, String sessionId, String messageId, long keyEpoch, byte[] sealed)
            throws SQLException {
        Objects.requireNonNull(sealed, "sealed");
        try (PreparedStatement update = connection.prepareStatement("UPDATE entry e SET key_epoch = ?, sealed = ? "
                + "WHERE " + PENDING_BY_MESSAGE)) {
            update.setLong(1, keyEpoch);
            update.setBytes(2, sealed);
            update.setString(3, sessionId);
            update.setString(4, messageId);
            return update.executeUpdate() > 0;
        }
    }

    /** What our pending message was sealed as, with seq 0; empty when it is not pending or not sealed yet. */
    static Optional<SealedBody> sealed(Connection connection, String sessionId, String messageId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT e.key_epoch, e.sealed FROM entry e "
                + "WHERE " + PENDING_BY_MESSAGE + " AND e.sealed IS NOT NULL")) {
            select.setString(1, sessionId);
            select.setString(2, messageId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new SealedBody(sessionId, 0, row.getLong(1), row.getBytes(2)))
                        : Optional.empty();
            }
        }
    }
}
