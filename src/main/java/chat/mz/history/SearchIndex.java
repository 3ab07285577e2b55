package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The full-text index: one row per (term, time, entry) in {@code search_posting}, written in the
 * same transaction as the entry, so it lives (encrypted) in the history file. Every query word must
 * match; the last one also matches as a prefix, so results appear while the user is still typing.
 */
final class SearchIndex {
    /** Terms a prefix may stand for; past this, the prefix is too short to be useful. */
    private static final int MAX_EXPANSIONS = 64;
    /** Counting a term's postings stops here: enough to tell a rare word from a common one. */
    private static final int COUNT_CAP = 5_000;
    private static final int SNIPPET_CHARS = 160;

    private SearchIndex() {
    }

    /** One row of the index, before it is written. */
    private record Posting(String term, long sortTime, long entryId) implements Comparable<Posting> {
        @Override
        public int compareTo(Posting other) {
            int byTerm = term.compareTo(other.term);
            if (byTerm != 0) {
                return byTerm;
            }
            int byTime = Long.compare(sortTime, other.sortTime);
            return byTime != 0 ? byTime : Long.compare(entryId, other.entryId);
        }
    }

    /**
     * The postings of one write, inserted in key order: consecutive rows then land on the same
     * index pages, which are already in the cache and are written out once, instead of each row of
     * a batch touching another page.
     */
    static final class Pending {
        private final List<Posting> postings = new ArrayList<>();

        void add(long entryId, Instant sortTime, String text) {
            for (String term : Terms.distinct(text)) {
                postings.add(new Posting(term, sortTime.toEpochMilli(), entryId));
            }
        }

        void write(Connection connection) throws SQLException {
            if (postings.isEmpty()) {
                return;
            }
            postings.sort(null);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO search_posting (term, sort_time, entry_id) VALUES (?, ?, ?)")) {
                for (Posting posting : postings) {
                    insert.setString(1, posting.term());
                    insert.setLong(2, posting.sortTime());
                    insert.setLong(3, posting.entryId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            postings.clear();
        }
    }

    static void remove(Connection connection, long entryId, Instant sortTime, String text) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM search_posting WHERE term = ? AND sort_time = ? AND entry_id = ?")) {
            for (String term : Terms.distinct(text)) {
                delete.setString(1, term);
                delete.setLong(2, sortTime.toEpochMilli());
                delete.setLong(3, entryId);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Files an entry's postings under a new time (a pending message that got the homeserver's). */
    static void move(Connection connection, long entryId, Instant from, Instant to, String text) throws SQLException {
        if (from.toEpochMilli() == to.toEpochMilli()) {
            return;
        }
        remove(connection, entryId, from, text);
        Pending postings = new Pending();
        postings.add(entryId, to, text);
        postings.write(connection);
    }

    static List<SearchHit> search(Connection connection, String query, int limit, SearchKey before)
            throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        List<String> words = new ArrayList<>(Terms.distinct(query));
        if (words.isEmpty()) {
            return List.of();
        }
        String prefix = words.remove(words.size() - 1);
        if (words.isEmpty()) {
            return prefixOnly(connection, prefix, limit, before);
        }
        return withExactWords(connection, words, prefix, limit, before);
    }

    /**
     * Walks the rarest exact word's postings newest first; the database checks the other exact words
     * by primary-key lookups, this code the prefix word against the text.
     */
    private static List<SearchHit> withExactWords(Connection connection, List<String> words, String prefix, int limit,
                                                  SearchKey before) throws SQLException {
        String driver = null;
        int fewest = Integer.MAX_VALUE;
        for (String word : words) {
            int count = count(connection, word);
            if (count == 0) {
                return List.of();
            }
            if (count < fewest) {
                fewest = count;
                driver = word;
            }
        }
        List<String> others = new ArrayList<>(words);
        others.remove(driver);
        StringBuilder sql = new StringBuilder("SELECT p.sort_time, e.entry_id, e.session_id, e.seq, e.message_id, "
                + "e.sender_name, e.body, e.server_time FROM search_posting p JOIN entry e ON e.entry_id = p.entry_id "
                + "WHERE p.term = ? AND p.sort_time <= ? AND (p.sort_time < ? OR p.entry_id < ?)");
        for (int i = 0; i < others.size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM search_posting q WHERE q.term = ? AND q.sort_time = p.sort_time "
                    + "AND q.entry_id = p.entry_id)");
        }
        sql.append(" ORDER BY p.term DESC, p.sort_time DESC, p.entry_id DESC LIMIT ?");
        int chunk = Math.max(limit * 2, 50);
        List<SearchHit> hits = new ArrayList<>();
        SearchKey from = before;
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            while (true) {
                int p = 1;
                select.setString(p++, driver);
                select.setLong(p++, from.sortTimeMillis());
                select.setLong(p++, from.sortTimeMillis());
                select.setLong(p++, from.entryId());
                for (String other : others) {
                    select.setString(p++, other);
                }
                select.setInt(p, chunk);
                int rows = 0;
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows++;
                        from = new SearchKey(row.getLong(1), row.getLong(2));
                        String text = row.getString(7);
                        if (hasPrefix(text, prefix)) {
                            hits.add(hit(row, text, from, prefix));
                            if (hits.size() == limit) {
                                return hits;
                            }
                        }
                    }
                }
                if (rows < chunk) {
                    return hits;
                }
            }
        }
    }

    /**
     * One word, matched as a prefix: the newest {@code limit} postings of each term it stands for,
     * merged. The true newest {@code limit} are among them.
     */
    private static List<SearchHit> prefixOnly(Connection connection, String prefix, int limit, SearchKey before)
            throws SQLException {
        List<SearchKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT sort_time, entry_id FROM search_posting "
                + "WHERE term = ? AND sort_time <= ? AND (sort_time < ? OR entry_id < ?) "
                + "ORDER BY term DESC, sort_time DESC, entry_id DESC LIMIT ?")) {
            for (String term : expand(connection, prefix)) {
                select.setString(1, term);
                select.setLong(2, before.sortTimeMillis());
                select.setLong(3, before.sortTimeMillis());
                select.setLong(4, before.entryId());
                select.setInt(5, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        keys.add(new SearchKey(row.getLong(1), row.getLong(2)));
                    }
                }
            }
        }
        keys.sort(Comparator.comparingLong(SearchKey::sortTimeMillis).thenComparingLong(SearchKey::entryId).reversed());
        List<SearchHit> hits = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT 0, entry_id, session_id, seq, message_id, "
                + "sender_name, body, server_time FROM entry WHERE entry_id = ?")) {
            for (SearchKey key : keys) {
                if (hits.size() == limit) {
                    break;
                }
                if (!seen.add(key.entryId())) {
                    continue;
                }
                select.setLong(1, key.entryId());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        hits.add(hit(row, row.getString(7), key, prefix));
                    }
                }
            }
        }
        return hits;
    }

    /** The indexed terms starting with {@code prefix}, each found by one index seek. */
    private static List<String> expand(Connection connection, String prefix) throws SQLException {
        List<String> terms = new ArrayList<>();
        String end = prefix + Character.MAX_VALUE;
        try (PreparedStatement exact = connection.prepareStatement(
                "SELECT 1 FROM search_posting WHERE term = ? LIMIT 1");
             PreparedStatement next = connection.prepareStatement(
                     "SELECT term FROM search_posting WHERE term > ? AND term < ? ORDER BY term LIMIT 1")) {
            exact.setString(1, prefix);
            try (ResultSet row = exact.executeQuery()) {
                if (row.next()) {
                    terms.add(prefix);
                }
            }
            String after = prefix;
            while (terms.size() < MAX_EXPANSIONS) {
                next.setString(1, after);
                next.setString(2, end);
                try (ResultSet row = next.executeQuery()) {
                    if (!row.next()) {
                        break;
                    }
                    after = row.getString(1);
                    terms.add(after);
                }
            }
        }
        return terms;
    }

    private static int count(Connection connection, String term) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_posting WHERE term = ? LIMIT " + COUNT_CAP + ")")) {
            select.setString(1, term);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static boolean hasPrefix(String text, String prefix) {
        for (String term : Terms.all(text)) {
            if (term.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static SearchHit hit(ResultSet row, String text, SearchKey key, String anyWord) throws SQLException {
        long seq = row.getLong(4);
        Long seqOrNull = row.wasNull() ? null : seq;
        long serverTime = row.getLong(8);
        Instant serverTimeOrNull = row.wasNull() ? null : Instant.ofEpochMilli(serverTime);
        return new SearchHit(row.getString(3), seqOrNull, row.getString(5), row.getString(6),
                snippet(text, anyWord), serverTimeOrNull, key);
    }

    /** A long text cut to a window that starts a little before the first place the word appears. */
    static String snippet(String text, String word) {
        if (text.length() <= SNIPPET_CHARS) {
            return text;
        }
        int at = indexOfIgnoreCase(text, word);
        int start = Math.max(0, at - SNIPPET_CHARS / 4);
        int end = Math.min(text.length(), start + SNIPPET_CHARS);
        start = Math.max(0, end - SNIPPET_CHARS);
        if (start > 0 && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return (start > 0 ? "…" : "") + text.substring(start, end) + (end < text.length() ? "…" : "");
    }

    private static int indexOfIgnoreCase(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        // folded forms (ß → ss, NFKC) need not appear verbatim: show the start
        return 0;
    }
}
