package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queries that must stay fast at a million messages walk an index in order and stop at the
 * limit; a plan that reads a whole conversation or a whole posting list and sorts it passes every
 * functional test and fails only at scale, so the plans are checked here.
 */
class QueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void pagingWalksTheSeqIndexWithoutSorting() {
        String plan = plan("SELECT " + Timeline.COLUMNS + " FROM entry e WHERE e.session_id = 's' AND e.seq < 100 "
                + "ORDER BY e.session_id DESC, e.seq DESC LIMIT 50");
        assertTrue(plan.contains("ENTRY_BY_SEQ") && plan.contains("index sorted"), plan);
    }

    @Test
    void unsequencedEntriesAreFoundThroughTheSeqIndex() {
        String plan = plan("SELECT " + Timeline.COLUMNS + " FROM entry e WHERE e.session_id = 's' AND e.seq IS NULL "
                + "ORDER BY e.created_at, e.entry_id");
        assertTrue(plan.contains("ENTRY_BY_SEQ") && plan.contains("SEQ IS NULL"), plan);
    }

    @Test
    void searchWalksOnePostingListNewestFirstWithoutSorting() {
        String plan = plan("SELECT p.sort_time, e.entry_id FROM search_posting p "
                + "JOIN entry e ON e.entry_id = p.entry_id "
                + "WHERE p.term = 'fox' AND p.sort_time <= 5 AND (p.sort_time < 5 OR p.entry_id < 5) "
                + "AND EXISTS (SELECT 1 FROM search_posting q WHERE q.term = 'dog' AND q.sort_time = p.sort_time "
                + "AND q.entry_id = p.entry_id) ORDER BY p.term DESC, p.sort_time DESC, p.entry_id DESC LIMIT 20");
        // H2 names a primary key's index PRIMARY_KEY_<n>, whatever the constraint is called
        assertTrue(plan.matches("(?s).*PRIMARY_KEY_\\d+: TERM = 'fox'\\s+AND SORT_TIME <=.*")
                && plan.contains("index sorted")
                && plan.matches("(?s).*PRIMARY_KEY_\\d+: ENTRY_ID = P.ENTRY_ID\\s+AND TERM = 'dog'.*"), plan);
    }

    @Test
    void theConversationListWalksTheActivityIndex() {
        String plan = plan("SELECT session_id FROM session ORDER BY last_activity DESC, session_id DESC");
        assertTrue(plan.contains("SESSION_BY_ACTIVITY") && plan.contains("index sorted"), plan);
    }

    private String plan(String sql) {
        try (History history = History.open(file(dir), key(1), new FakeClock(T0))) {
            return history.read(c -> {
                try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql);
                     ResultSet row = explain.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            });
        }
    }
}
