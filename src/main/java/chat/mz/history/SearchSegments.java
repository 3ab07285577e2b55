package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the full-text index as segments, the way a log-structured merge tree does. Each write adds
 * one segment, all of it packed into one value ({@link PackedSegment}). Whenever {@link #FANOUT}
 * segments of one level exist they are merged into one of the next level; past
 * {@link #MAX_PACKED_LEVEL} a segment is stored as one row per term and part of its postings
 * ({@link Postings}), so that a search reads only the parts it walks. A new segment's keys sort after every existing
 * one, so a write fills fresh pages at the end of the index instead of touching one random page per
 * posting, which with an encrypted file is what made inserting slow. A search looks at a few dozen
 * segments at most, and a posting is rewritten once per level.
 *
 * <p>Segments are never changed in place: an entry that is dropped or gets another sort time keeps
 * its old postings, and search checks every hit against the entry itself.
 */
final class SearchSegments {
    /** Segments of one level merged at once; also the size ratio of one level to the next. */
    static final int FANOUT = 8;
    /**
     * Segments up to this level (a few thousand messages) are packed into one value: read whole by
     * a search, which costs little at that size, and written and merged as one row instead of
     * thousands.
     */
    static final int MAX_PACKED_LEVEL = 1;

    private SearchSegments() {
    }

    /** The postings of one write transaction, written as one segment when it ends. */
    static final class Pending {
        private final Map<String, Postings> byTerm = new HashMap<>();

        void add(long entryId, Instant sortTime, String text) {
            long time = sortTime.toEpochMilli();
            for (String term : Terms.distinct(text)) {
                byTerm.computeIfAbsent(term, t -> new Postings()).add(time, entryId);
            }
        }

        /** Writes the postings gathered so far as a new segment, then merges full levels. */
        void write(Connection connection) throws SQLException {
            if (byTerm.isEmpty()) {
                return;
            }
            List<Segment> segments = segments(connection);
            long id = segments.isEmpty() ? 1 : segments.get(segments.size() - 1).id() + 1;
            insert(connection, id, 0, byTerm);
            byTerm.clear();
            segments.add(new Segment(id, 0));
            mergeFullLevels(connection, segments);
        }
    }

    /** A segment's id (its place in key order) and level (how many merges made it). */
    record Segment(long id, int level) {
    }

    /** Every segment, by id. */
    static List<Segment> segments(Connection connection) throws SQLException {
        List<Segment> segments = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT segment_id, segment_level FROM search_segment ORDER BY segment_id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                segments.add(new Segment(row.getLong(1), row.getInt(2)));
            }
        }
        return segments;
    }

    private static void mergeFullLevels(Connection connection, List<Segment> segments) throws SQLException {
        for (int level = 0; ; level++) {
            int at = level;
            List<Segment> full = segments.stream().filter(s -> s.level() == at).toList();
            if (full.isEmpty() && segments.stream().noneMatch(s -> s.level() > at)) {
                return;
            }
            if (full.size() < FANOUT) {
                continue;
            }
            long id = segments.get(segments.size() - 1).id() + 1;
            merge(connection, full, id, level + 1);
            segments.removeAll(full);
            segments.add(new Segment(id, level + 1));
        }
    }

    private static void merge(Connection connection, List<Segment> from, long id, int level) throws SQLException {
        Map<String, Postings> byTerm = new HashMap<>();
        try (PreparedStatement packed = connection.prepareStatement(
                "SELECT postings FROM search_batch WHERE segment_id = ?");
             PreparedStatement rows = connection.prepareStatement(
                     "SELECT term, postings FROM search_posting WHERE segment_id = ?")) {
            for (Segment segment : from) {
                boolean isPacked = segment.level() <= MAX_PACKED_LEVEL;
                PreparedStatement select = isPacked ? packed : rows;
                select.setLong(1, segment.id());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        if (isPacked) {
                            PackedSegment written = new PackedSegment(row.getBytes(1));
                            for (int i = 0; i < written.size(); i++) {
                                byTerm.computeIfAbsent(written.term(i), t -> new Postings())
                                        .addAll(written.postings(i));
                            }
                        } else {
                            byTerm.computeIfAbsent(row.getString(1), t -> new Postings()).addAll(row.getBytes(2));
                        }
                    }
                }
            }
        }
        insert(connection, id, level, byTerm);
        try (PreparedStatement packed = connection.prepareStatement("DELETE FROM search_batch WHERE segment_id = ?");
             PreparedStatement rows = connection.prepareStatement("DELETE FROM search_posting WHERE segment_id = ?");
             PreparedStatement segment = connection.prepareStatement(
                     "DELETE FROM search_segment WHERE segment_id = ?")) {
            for (Segment old : from) {
                PreparedStatement postings = old.level() <= MAX_PACKED_LEVEL ? packed : rows;
                postings.setLong(1, old.id());
                postings.executeUpdate();
                segment.setLong(1, old.id());
                segment.executeUpdate();
            }
        }
    }

    private static void insert(Connection connection, long id, int level, Map<String, Postings> byTerm)
            throws SQLException {
        List<String> terms = new ArrayList<>(byTerm.keySet());
        // in key order: each row goes right after the one before, on the same page
        terms.sort(null);
        for (Postings postings : byTerm.values()) {
            postings.sortNewestFirst();
        }
        try (PreparedStatement segment = connection.prepareStatement(
                "INSERT INTO search_segment (segment_id, segment_level) VALUES (?, ?)")) {
            segment.setLong(1, id);
            segment.setInt(2, level);
            segment.executeUpdate();
        }
        if (level <= MAX_PACKED_LEVEL) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO search_batch (segment_id, postings) VALUES (?, ?)")) {
                insert.setLong(1, id);
                insert.setBytes(2, PackedSegment.pack(terms, byTerm));
                insert.executeUpdate();
            }
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO search_posting (segment_id, term, part, postings) VALUES (?, ?, ?, ?)")) {
            for (String term : terms) {
                Postings postings = byTerm.get(term);
                for (int part = 0; part < postings.parts(); part++) {
                    insert.setLong(1, id);
                    insert.setString(2, term);
                    insert.setInt(3, part);
                    insert.setBytes(4, postings.part(part));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
