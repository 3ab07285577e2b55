package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One conversation's list line (last seq, last activity, preview, unread count) as one write
 * changes it: read once, updated in memory for every entry of a batch, written back once. Keeping
 * the unread count in the row makes the conversation list one index walk, whatever its size.
 */
final class SessionChange {
    static final int PREVIEW_CHARS = 100;

    private static final String UPDATE = "UPDATE session SET last_seq = ?, last_activity = ?, last_preview = ?, "
            + "unread_count = ? WHERE session_id = ?";

    private final String sessionId;
    private final long readSeq;
    private long lastSeq;
    private long lastActivity;
    private String preview;
    /** The newest text of this write, made a preview only once, when written. */
    private String newestText;
    private int unread;
    private boolean recount;

    private SessionChange(String sessionId, long lastSeq, long lastActivity, String preview, long readSeq,
                          int unread) {
        this.sessionId = sessionId;
        this.lastSeq = lastSeq;
        this.lastActivity = lastActivity;
        this.preview = preview;
        this.readSeq = readSeq;
        this.unread = unread;
    }

    /** The session's line, or null when there is no such session. */
    static SessionChange find(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_seq, last_activity, last_preview, "
                + "read_seq, unread_count FROM session WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new SessionChange(sessionId, row.getLong(1), row.getLong(2), row.getString(3), row.getLong(4),
                        row.getInt(5));
            }
        }
    }

    /** Every stored entry of the session with a seq has one up to this. */
    long lastSeq() {
        return lastSeq;
    }

    /** A new entry: the newest one becomes the preview; an incoming message after the read marker is unread. */
    void add(Entry entry) {
        long time = entry.sortTime().toEpochMilli();
        if (entry.seq() != null && entry.seq() > lastSeq) {
            lastSeq = entry.seq();
        }
        if ((preview == null && newestText == null) || time >= lastActivity) {
            newestText = entry.text();
            lastActivity = Math.max(lastActivity, time);
        }
        if (!entry.outgoing() && entry.kind() == Entry.Kind.TEXT && entry.seq() != null && entry.seq() > readSeq) {
            unread++;
        }
    }

    /** A pending message got its seq. */
    void sent(long seq, Instant serverTime) {
        lastSeq = Math.max(lastSeq, seq);
        lastActivity = Math.max(lastActivity, serverTime.toEpochMilli());
    }

    /** The read marker moved or an entry changed sides: count again when writing. */
    void recountUnread() {
        recount = true;
    }

    /** The statement {@link #addTo} adds to; one serves every line of a write. */
    static PreparedStatement prepareUpdate(Connection connection) throws SQLException {
        return connection.prepareStatement(UPDATE);
    }

    /** Adds this line's new values to the batch of {@code update}, counting unread entries again first if asked. */
    void addTo(Connection connection, PreparedStatement update) throws SQLException {
        if (recount) {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM entry "
                    + "WHERE session_id = ? AND seq > ? AND outgoing = FALSE AND kind = 'TEXT'")) {
                count.setString(1, sessionId);
                count.setLong(2, readSeq);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    unread = row.getInt(1);
                }
            }
        }
        if (newestText != null) {
            preview = preview(newestText);
            newestText = null;
        }
        update.setLong(1, lastSeq);
        update.setLong(2, lastActivity);
        update.setString(3, preview);
        update.setInt(4, unread);
        update.setString(5, sessionId);
        update.addBatch();
    }

    static String preview(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= PREVIEW_CHARS) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
        return line.substring(0, end) + "…";
    }
}
