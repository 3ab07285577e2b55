package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Conversations' entries: receiving (exactly once, however often the homeserver redelivers), the
 * outbox, paging and the read marker. Methods that change something run inside the history's one
 * write transaction, so the duplicate checks here cannot race.
 */
final class Timeline {
    static final String COLUMNS = "e.entry_id, e.session_id, e.seq, e.message_id, e.sender_user_id, "
            + "e.sender_device_id, e.sender_name, e.kind, e.body, e.server_time, e.created_at, e.outgoing, e.state, "
            + "e.protection";
    private static final String INSERT = "INSERT INTO entry (entry_id, session_id, seq, message_id, sender_user_id, "
            + "sender_device_id, sender_name, kind, body, server_time, created_at, outgoing, state, protection) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Entry ids in insertion order; only touched under the write lock. */
    private long nextEntryId;

    private Timeline(long nextEntryId) {
        this.nextEntryId = nextEntryId;
    }

    static Timeline load(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(entry_id), 0) FROM entry");
             ResultSet row = select.executeQuery()) {
            row.next();
            return new Timeline(row.getLong(1) + 1);
        }
    }

    /** A stored entry's identity and what is needed to move or drop it. */
    private record Stored(long entryId, Long seq, Entry.Kind kind, String text, Instant sortTime) {
    }

    int addReceived(Connection connection, List<Entry> entries, Instant now) throws SQLException {
        for (Entry entry : entries) {
            if (entry.seq() == null || entry.serverTime() == null) {
                throw new IllegalArgumentException("a received entry needs its seq and server time: "
                        + entry.messageId());
            }
        }
        SessionChanges sessions = new SessionChanges(connection, now);
        Map<String, Stored> waiting = outboxByMessage(connection);
        Set<String> seenInBatch = new HashSet<>();
        int added = 0;
        SearchSegments.Pending postings = new SearchSegments.Pending();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Entry entry : entries) {
                String seqKey = entry.sessionId() + '\n' + entry.seq();
                String messageKey = messageKey(entry.sessionId(), entry.messageId(), entry.senderUserId());
                if (!seenInBatch.add(seqKey) | !seenInBatch.add(messageKey)) {
                    continue;
                }
                Stored ours = waiting.remove(messageKey);
                if (ours != null) {
                    // our own message came back before the homeserver's answer to sending it
                    insert.executeBatch();
                    promote(connection, sessions, postings, entry.sessionId(), ours, entry.seq(),
                            entry.serverTime(), DeliveryState.SENT);
                    continue;
                }
                // past the session's last seq nothing can be stored yet: the common case skips a lookup
                if (entry.seq() <= sessions.of(entry.sessionId()).lastSeq()
                        && idBySeq(connection, entry.sessionId(), entry.seq()) != null) {
                    continue;
                }
                long entryId = nextEntryId++;
                bind(insert, entryId, entry, entry.state());
                insert.addBatch();
                if (entry.searchable()) {
                    postings.add(entryId, entry.sortTime(), entry.text());
                }
                sessions.of(entry.sessionId()).add(entry);
                added++;
            }
            insert.executeBatch();
        }
        postings.write(connection);
        sessions.write();
        return added;
    }

    boolean addPending(Connection connection, Entry entry, Instant now) throws SQLException {
        if (entry.seq() != null || !entry.outgoing() || entry.protection() == Protection.UNREADABLE) {
            throw new IllegalArgumentException("a pending entry is outgoing, readable and has no seq yet: "
                    + entry.messageId());
        }
        if (unsequenced(connection, entry.sessionId(), entry.messageId()) != null) {
            return false;
        }
        Entry pending = new Entry(entry.sessionId(), null, entry.messageId(), entry.senderUserId(),
                entry.senderDeviceId(), entry.senderName(), entry.kind(), entry.text(), null, entry.createdAt(), true,
                DeliveryState.PENDING, entry.protection());
        long entryId = nextEntryId++;
        try (PreparedStatement insert = connection.prepareStatement(INSERT);
             PreparedStatement outbox = connection.prepareStatement("INSERT INTO outbox (entry_id) VALUES (?)")) {
            bind(insert, entryId, pending, DeliveryState.PENDING);
            insert.executeUpdate();
            outbox.setLong(1, entryId);
            outbox.executeUpdate();
            if (pending.searchable()) {
                SearchSegments.Pending postings = new SearchSegments.Pending();
                postings.add(entryId, pending.sortTime(), pending.text());
                postings.write(connection);
            }
        }
        SessionChanges sessions = new SessionChanges(connection, now);
        sessions.of(pending.sessionId()).add(pending);
        sessions.write();
        return true;
    }

    boolean markSent(Connection connection, String sessionId, String messageId, long seq, Instant serverTime,
                     Instant now) throws SQLException {
        if (promotePending(connection, sessionId, messageId, seq, serverTime, DeliveryState.SENT, now)) {
            return true;
        }
        // delivered before this answer came: it has its seq, and now the homeserver's time
        List<Entry> delivered = query(connection, "SELECT " + COLUMNS + " FROM entry e WHERE e.session_id = ? "
                + "AND e.seq = ? AND e.message_id = ? AND e.outgoing = TRUE", sessionId, seq, messageId);
        try (PreparedStatement update = connection.prepareStatement("UPDATE entry SET server_time = ? "
                + "WHERE session_id = ? AND seq = ? AND message_id = ? AND outgoing = TRUE")) {
            update.setLong(1, serverTime.toEpochMilli());
            update.setString(2, sessionId);
            update.setLong(3, seq);
            update.setString(4, messageId);
            update.executeUpdate();
        }
        // search takes a hit only at the entry's current sort time, so it needs postings at the new one
        Long entryId = idBySeq(connection, sessionId, seq);
        if (!delivered.isEmpty() && entryId != null && delivered.get(0).searchable()
                && !delivered.get(0).sortTime().equals(serverTime)) {
            SearchSegments.Pending postings = new SearchSegments.Pending();
            postings.add(entryId, serverTime, delivered.get(0).text());
            postings.write(connection);
        }
        return false;
    }

    /**
     * Gives a pending entry its seq, or drops it when a copy with that seq has already arrived. Its
     * old postings stay in the index, where search tells them from current ones by the entry.
     */
    private void promote(Connection connection, SessionChanges sessions, SearchSegments.Pending postings,
                         String sessionId, Stored pending, long seq, Instant serverTime, DeliveryState state)
            throws SQLException {
        Long arrived = idBySeq(connection, sessionId, seq);
        if (arrived != null && arrived != pending.entryId()) {
            execute(connection, "DELETE FROM entry WHERE entry_id = ?", pending.entryId());
            // the copy is ours: it must not count as unread
            execute(connection, "UPDATE entry SET outgoing = TRUE, state = CASE WHEN state = 'DELIVERED' "
                    + "THEN state ELSE 'SENT' END WHERE entry_id = ?", arrived);
            sessions.of(sessionId).recountUnread();
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE entry SET seq = ?, server_time = ?, state = ?, sealed = NULL WHERE entry_id = ?")) {
            update.setLong(1, seq);
            update.setLong(2, serverTime.toEpochMilli());
            update.setString(3, state.name());
            update.setLong(4, pending.entryId());
            update.executeUpdate();
        }
        execute(connection, "DELETE FROM outbox WHERE entry_id = ?", pending.entryId());
        if (pending.kind() == Entry.Kind.TEXT && pending.sortTime().toEpochMilli() != serverTime.toEpochMilli()) {
            postings.add(pending.entryId(), serverTime, pending.text());
        }
        sessions.of(sessionId).sent(seq, serverTime);
    }

    static boolean markFailed(Connection connection, String sessionId, String messageId, String reason)
            throws SQLException {
        Stored pending = unsequenced(connection, sessionId, messageId);
        if (pending == null || !inOutbox(connection, pending.entryId())) {
            return false;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE entry SET state = 'FAILED', "
                + "failure_reason = ? WHERE entry_id = ?")) {
            update.setString(1, reason);
            update.setLong(2, pending.entryId());
            update.executeUpdate();
        }
        execute(connection, "DELETE FROM outbox WHERE entry_id = ?", pending.entryId());
        return true;
    }

    static Optional<String> failureReason(Connection connection, String sessionId, String messageId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT failure_reason FROM entry "
                + "WHERE session_id = ? AND seq IS NULL AND message_id = ? AND state = 'FAILED'")) {
            select.setString(1, sessionId);
            select.setString(2, messageId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The message is delivered. Its receipt can come before the answer to its send (the homeserver
     * wakes the waiting devices before it answers the sender): a message still pending then takes
     * its seq from the receipt, and the answer, when it comes, only sets the homeserver's time.
     */
    boolean markDelivered(Connection connection, String sessionId, long seq, String messageId, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE entry SET state = 'DELIVERED' "
                + "WHERE session_id = ? AND seq = ? AND message_id = ? AND outgoing = TRUE")) {
            update.setString(1, sessionId);
            update.setLong(2, seq);
            update.setString(3, messageId);
            if (update.executeUpdate() > 0) {
                return true;
            }
        }
        return promotePending(connection, sessionId, messageId, seq, now, DeliveryState.DELIVERED, now);
    }

    /** Gives the pending message its seq and state; false when it is not pending (in the outbox). */
    private boolean promotePending(Connection connection, String sessionId, String messageId, long seq,
                                   Instant serverTime, DeliveryState state, Instant now) throws SQLException {
        Stored pending = unsequenced(connection, sessionId, messageId);
        if (pending == null || !inOutbox(connection, pending.entryId())) {
            return false;
        }
        SessionChanges sessions = new SessionChanges(connection, now);
        SearchSegments.Pending postings = new SearchSegments.Pending();
        promote(connection, sessions, postings, sessionId, pending, seq, serverTime, state);
        postings.write(connection);
        sessions.write();
        return true;
    }

    static List<Entry> outbox(Connection connection) throws SQLException {
        return query(connection, "SELECT " + COLUMNS + " FROM outbox o JOIN entry e ON e.entry_id = o.entry_id "
                + "ORDER BY o.entry_id");
    }

    static List<Entry> latest(Connection connection, String sessionId, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>(before(connection, sessionId, Long.MAX_VALUE, limit));
        // pending and failed ones: the NULL end of entry_by_seq
        entries.addAll(query(connection, "SELECT " + COLUMNS + " FROM entry e WHERE e.session_id = ? AND e.seq IS NULL "
                + "ORDER BY e.created_at, e.entry_id", sessionId));
        return entries;
    }

    /** The {@code limit} sequenced entries before {@code seq}, oldest first. */
    static List<Entry> before(Connection connection, String sessionId, long seq, int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        // ordered like the index entry_by_seq, H2 walks it backwards and stops after limit rows;
        // ORDER BY seq alone would read and sort the whole conversation
        List<Entry> entries = query(connection, "SELECT " + COLUMNS + " FROM entry e WHERE e.session_id = ? "
                + "AND e.seq < ? ORDER BY e.session_id DESC, e.seq DESC LIMIT ?", sessionId, seq, limit);
        Collections.reverse(entries);
        return entries;
    }

    static boolean markRead(Connection connection, String sessionId, long upToSeq, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE session SET read_seq = ? WHERE session_id = ? AND read_seq < ?")) {
            update.setLong(1, upToSeq);
            update.setString(2, sessionId);
            update.setLong(3, upToSeq);
            if (update.executeUpdate() == 0) {
                return false;
            }
        }
        SessionChanges sessions = new SessionChanges(connection, now);
        sessions.of(sessionId).recountUnread();
        sessions.write();
        return true;
    }

    private static String messageKey(String sessionId, String messageId, String senderUserId) {
        return sessionId + '\n' + messageId + '\n' + senderUserId;
    }

    /**
     * The outbox, by message: the only unsequenced entries a received one can be a copy of. It is a
     * handful of rows at most, read once per batch instead of one index probe per received entry.
     */
    private static Map<String, Stored> outboxByMessage(Connection connection) throws SQLException {
        Map<String, Stored> byMessage = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT e.entry_id, e.seq, e.kind, e.body, "
                + "COALESCE(e.server_time, e.created_at), e.session_id, e.message_id, e.sender_user_id "
                + "FROM outbox o JOIN entry e ON e.entry_id = o.entry_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byMessage.put(messageKey(rows.getString(6), rows.getString(7), rows.getString(8)), stored(rows));
            }
        }
        return byMessage;
    }

    /**
     * A pending or failed entry of ours with this message id. Only these are looked up by message id,
     * through the few unsequenced rows at the NULL end of {@code entry_by_seq}: an index on message
     * ids would cost every received message a write at a random place in the file.
     */
    private static Stored unsequenced(Connection connection, String sessionId, String messageId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT e.entry_id, e.seq, e.kind, e.body, "
                + "COALESCE(e.server_time, e.created_at) FROM entry e "
                + "WHERE e.session_id = ? AND e.seq IS NULL AND e.message_id = ?")) {
            select.setString(1, sessionId);
            select.setString(2, messageId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? stored(row) : null;
            }
        }
    }

    private static boolean inOutbox(Connection connection, long entryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM outbox WHERE entry_id = ?")) {
            select.setLong(1, entryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static Stored stored(ResultSet row) throws SQLException {
        long seq = row.getLong(2);
        Long seqOrNull = row.wasNull() ? null : seq;
        return new Stored(row.getLong(1), seqOrNull, Entry.Kind.valueOf(row.getString(3)), row.getString(4),
                Instant.ofEpochMilli(row.getLong(5)));
    }

    private static Long idBySeq(Connection connection, String sessionId, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT entry_id FROM entry WHERE session_id = ? AND seq = ?")) {
            select.setString(1, sessionId);
            select.setLong(2, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement insert, long entryId, Entry entry, DeliveryState state)
            throws SQLException {
        insert.setLong(1, entryId);
        insert.setString(2, entry.sessionId());
        if (entry.seq() == null) {
            insert.setNull(3, Types.BIGINT);
        } else {
            insert.setLong(3, entry.seq());
        }
        insert.setString(4, entry.messageId());
        insert.setString(5, entry.senderUserId());
        insert.setString(6, entry.senderDeviceId());
        insert.setString(7, entry.senderName());
        insert.setString(8, entry.kind().name());
        insert.setString(9, entry.text());
        if (entry.serverTime() == null) {
            insert.setNull(10, Types.BIGINT);
        } else {
            insert.setLong(10, entry.serverTime().toEpochMilli());
        }
        insert.setLong(11, entry.createdAt().toEpochMilli());
        insert.setBoolean(12, entry.outgoing());
        insert.setString(13, state.name());
        insert.setString(14, entry.protection().name());
    }

    /** Up to {@code limit} sequenced entries after {@code afterSeq} from {@code sinceMillis} on, by seq. */
    static List<Entry> page(Connection connection, String sessionId, long afterSeq, long sinceMillis, int limit)
            throws SQLException {
        return query(connection, "SELECT " + COLUMNS + " FROM entry e WHERE e.session_id = ? AND e.seq > ? "
                + "AND e.server_time >= ? ORDER BY e.session_id, e.seq LIMIT ?", sessionId, afterSeq, sinceMillis,
                limit);
    }

    private static List<Entry> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Entry> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(entry(rows));
                }
                return entries;
            }
        }
    }

    private static Entry entry(ResultSet row) throws SQLException {
        long seq = row.getLong(3);
        Long seqOrNull = row.wasNull() ? null : seq;
        long serverTime = row.getLong(10);
        Instant serverTimeOrNull = row.wasNull() ? null : Instant.ofEpochMilli(serverTime);
        return new Entry(row.getString(2), seqOrNull, row.getString(4), row.getString(5), row.getString(6),
                row.getString(7), Entry.Kind.valueOf(row.getString(8)), row.getString(9), serverTimeOrNull,
                Instant.ofEpochMilli(row.getLong(11)), row.getBoolean(12), DeliveryState.valueOf(row.getString(13)),
                Protection.valueOf(row.getString(14)));
    }

    private static void execute(Connection connection, String sql, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }

    /** The sessions one write touches, read once and written back once at its end. */
    private static final class SessionChanges {
        private final Connection connection;
        private final Instant now;
        private final Map<String, SessionChange> changes = new HashMap<>();

        SessionChanges(Connection connection, Instant now) {
            this.connection = connection;
            this.now = now;
        }

        SessionChange of(String sessionId) throws SQLException {
            SessionChange change = changes.get(sessionId);
            if (change == null) {
                change = SessionChange.find(connection, sessionId);
                if (change == null) {
                    Sessions.ensure(connection, sessionId, now);
                    change = SessionChange.find(connection, sessionId);
                }
                changes.put(sessionId, change);
            }
            return change;
        }

        /** Writes every changed line back, in one batch. */
        void write() throws SQLException {
            try (PreparedStatement update = SessionChange.prepareUpdate(connection)) {
                for (SessionChange change : changes.values()) {
                    change.addTo(connection, update);
                }
                update.executeBatch();
            }
        }
    }
}
