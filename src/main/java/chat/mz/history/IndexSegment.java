package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One segment of the full-text index as search reads it: packed in one value, or a row per term and part. */
interface IndexSegment {
    /** Reads part {@code index} (0 is the newest) of one term's postings; null past the last. */
    @FunctionalInterface
    interface Parts {
        byte[] part(int index) throws SQLException;
    }

    /** The term's postings, or null when the segment has none. */
    Parts postings(String term) throws SQLException;

    /** Up to {@code max} of the segment's terms starting with {@code prefix}, in order. */
    List<String> termsStartingWith(String prefix, int max) throws SQLException;

    /** The statements the segments of one search share, prepared on its connection. */
    final class Reading implements AutoCloseable {
        private final PreparedStatement fetch;
        private final PreparedStatement terms;
        private final PreparedStatement packed;

        Reading(Connection connection) throws SQLException {
            fetch = connection.prepareStatement(
                    "SELECT postings FROM search_posting WHERE segment_id = ? AND term = ? AND part = ?");
            terms = connection.prepareStatement("SELECT term FROM search_posting WHERE segment_id = ? AND term >= ? "
                    + "AND term < ? AND part = 0 ORDER BY segment_id, term, part LIMIT ?");
            packed = connection.prepareStatement("SELECT postings FROM search_batch WHERE segment_id = ?");
        }

        /** Every segment in the reader's snapshot. */
        List<IndexSegment> all(Connection connection, Cache cache) throws SQLException {
            List<IndexSegment> all = new ArrayList<>();
            for (SearchSegments.Segment segment : SearchSegments.segments(connection)) {
                if (segment.level() <= SearchSegments.MAX_PACKED_LEVEL) {
                    PackedSegment read = cache.get(segment.id());
                    if (read == null) {
                        packed.setLong(1, segment.id());
                        try (ResultSet row = packed.executeQuery()) {
                            if (!row.next()) {
                                continue;
                            }
                            read = new PackedSegment(row.getBytes(1));
                            cache.put(segment.id(), read);
                        }
                    }
                    all.add(new Packed(read));
                } else {
                    all.add(new Rows(this, segment.id()));
                }
            }
            return all;
        }

        @Override
        public void close() throws SQLException {
            try (fetch; terms; packed) {
                // closes all three
            }
        }
    }

    /**
     * Packed segments already read, so that a search does not read them again. Safe because a
     * segment never changes and its id is never given to another once committed (merged segments
     * get ids above all others); a few dozen entries hold every packed segment there is.
     */
    final class Cache {
        private static final int ENTRIES = 4 * SearchSegments.FANOUT;
        private final Map<Long, PackedSegment> segments = new LinkedHashMap<>(ENTRIES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, PackedSegment> eldest) {
                return size() > ENTRIES;
            }
        };

        synchronized PackedSegment get(long id) {
            return segments.get(id);
        }

        synchronized void put(long id, PackedSegment segment) {
            segments.put(id, segment);
        }
    }

    /** A small segment, read whole. */
    record Packed(PackedSegment segment) implements IndexSegment {
        @Override
        public Parts postings(String term) {
            byte[] postings = segment.postings(term);
            return postings == null ? null : index -> index == 0 ? postings : null;
        }

        @Override
        public List<String> termsStartingWith(String prefix, int max) {
            return segment.termsStartingWith(prefix, max);
        }
    }

    /** A merged segment: rows keyed (segment, term, part), each part read when the walk gets there. */
    record Rows(Reading reading, long id) implements IndexSegment {
        @Override
        public Parts postings(String term) {
            return index -> {
                reading.fetch.setLong(1, id);
                reading.fetch.setString(2, term);
                reading.fetch.setInt(3, index);
                try (ResultSet row = reading.fetch.executeQuery()) {
                    return row.next() ? row.getBytes(1) : null;
                }
            };
        }

        @Override
        public List<String> termsStartingWith(String prefix, int max) throws SQLException {
            reading.terms.setLong(1, id);
            reading.terms.setString(2, prefix);
            reading.terms.setString(3, prefix + Character.MAX_VALUE);
            reading.terms.setInt(4, max);
            List<String> terms = new ArrayList<>();
            try (ResultSet row = reading.terms.executeQuery()) {
                while (row.next()) {
                    terms.add(row.getString(1));
                }
            }
            return terms;
        }
    }
}
