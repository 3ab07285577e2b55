package chat.mz.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the history out for another device of this account (a newly linked one): how much there
 * is since a point in time, and the entries conversation by conversation, oldest first, a page at a
 * time. Only sequenced entries go; what is pending stays with the device that wrote it.
 *
 * <p>Safe to use from several threads, like {@link History}, which hands it out.
 */
public final class HistoryExport {
    private final HistoryDatabase database;

    HistoryExport(HistoryDatabase database) {
        this.database = database;
    }

    /**
     * How many sequenced entries each conversation has from {@code since} on; conversations without
     * any are left out.
     */
    public Map<String, Long> countsSince(Instant since) {
        return database.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT session_id, COUNT(*) FROM entry "
                    + "WHERE seq IS NOT NULL AND server_time >= ? GROUP BY session_id ORDER BY session_id")) {
                select.setLong(1, since.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    /** Up to {@code limit} entries of a conversation after {@code afterSeq}, from {@code since} on, by seq. */
    public List<Entry> page(String sessionId, long afterSeq, Instant since, int limit) {
        return database.read(c -> Timeline.page(c, sessionId, afterSeq, since.toEpochMilli(), limit));
    }

    /** How far the user has read a conversation; 0 for one not known. */
    public long readSeq(String sessionId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT read_seq FROM session WHERE session_id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            }
        });
    }
}
