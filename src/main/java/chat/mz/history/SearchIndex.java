package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Full-text search over the segments {@link SearchSegments} writes, inside the history file. Every
 * query word must match; the last one also matches as a prefix, so results appear while the user
 * is still typing. Each word's postings are walked newest first over all segments together, and
 * several words by leapfrogging from one list to the other, so a page of results costs about as
 * many postings as it skips, not as many as the words have.
 */
final class SearchIndex {
    /** Terms a prefix may stand for; past this, the prefix is too short to be useful. */
    static final int MAX_EXPANSIONS = 64;
    private static final int SNIPPET_CHARS = 160;

    private SearchIndex() {
    }

    static List<SearchHit> search(Connection connection, String query, int limit, SearchKey before,
                                  IndexSegment.Cache cache) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        List<String> words = new ArrayList<>(Terms.distinct(query));
        if (words.isEmpty()) {
            return List.of();
        }
        String prefix = words.remove(words.size() - 1);
        try (IndexSegment.Reading reading = new IndexSegment.Reading(connection)) {
            List<IndexSegment> segments = reading.all(connection, cache);
            Expansion expansion = expand(segments, prefix);
            // a prefix standing for too many terms is checked against each hit's text instead
            boolean checkText = !expansion.complete() && !words.isEmpty();
            List<PostingStream> streams = new ArrayList<>();
            for (String word : words) {
                streams.add(PostingStream.open(segments, List.of(word), before));
            }
            if (!checkText) {
                streams.add(PostingStream.open(segments, expansion.terms(), before));
            }
            if (streams.contains(null)) {
                return List.of();
            }
            return hits(connection, new PostingStream.Intersection(streams), checkText ? prefix : null, prefix,
                    limit);
        }
    }

    /**
     * Reads the entry of each shared key, newest first, until {@code limit} hits. A key whose entry
     * is gone, sorts under another time now or is unreadable is an old posting and is skipped.
     */
    private static List<SearchHit> hits(Connection connection, PostingStream.Intersection keys, String mustHavePrefix,
                                        String anyWord, int limit) throws SQLException {
        List<SearchHit> hits = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT kind, entry_id, session_id, seq, "
                + "message_id, sender_name, body, server_time, COALESCE(server_time, created_at), protection "
                + "FROM entry WHERE entry_id = ?")) {
            PostingStream key;
            while (hits.size() < limit && (key = keys.next()) != null) {
                select.setLong(1, key.entryId());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || !Entry.Kind.TEXT.name().equals(row.getString(1))
                            || row.getLong(9) != key.sortTime()
                            || Protection.UNREADABLE.name().equals(row.getString(10))) {
                        continue;
                    }
                    String text = row.getString(7);
                    if (mustHavePrefix == null || hasPrefix(text, mustHavePrefix)) {
                        hits.add(hit(row, text, new SearchKey(key.sortTime(), key.entryId()), anyWord));
                    }
                }
            }
        }
        return hits;
    }

    /** The terms a prefix stands for, and whether they are all of them. */
    private record Expansion(List<String> terms, boolean complete) {
    }

    /** The first {@link #MAX_EXPANSIONS} indexed terms starting with {@code prefix}, over all segments. */
    private static Expansion expand(List<IndexSegment> segments, String prefix) throws SQLException {
        TreeSet<String> terms = new TreeSet<>();
        boolean complete = true;
        for (IndexSegment segment : segments) {
            List<String> found = segment.termsStartingWith(prefix, MAX_EXPANSIONS);
            terms.addAll(found);
            complete &= found.size() < MAX_EXPANSIONS;
        }
        List<String> first = new ArrayList<>(terms).subList(0, Math.min(terms.size(), MAX_EXPANSIONS));
        return new Expansion(first, complete && terms.size() <= MAX_EXPANSIONS);
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
