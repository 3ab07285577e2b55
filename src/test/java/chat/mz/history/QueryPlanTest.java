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
    void ourPendingMessagesAreFoundByIdAmongTheUnsequencedOnly() {
        String plan = plan("SELECT e.entry_id FROM entry e WHERE e.session_id = 's' AND e.seq IS NULL "
                + "AND e.message_id = 'm'");
        assertTrue(plan.contains("ENTRY_BY_SEQ") && plan.contains("SEQ IS NULL"), plan);
    }

    @Test
    void aDeliveryNoticeFindsItsMessageBySeq() {
        String plan = plan("SELECT e.entry_id FROM entry e WHERE e.session_id = 's' AND e.seq = 7 "
                + "AND e.message_id = 'm' AND e.outgoing = TRUE");
        assertTrue(plan.contains("ENTRY_BY_SEQ") && plan.contains("SEQ = CAST(7 AS BIGINT)"), plan);
    }

    @Test
    void entriesWaitingForAKeyAreFoundByEpochNotByWalkingTheConversation() {
        String plan = plan("SELECT seq, sealed FROM entry WHERE key_epoch = 7 AND session_id = 's' "
                + "AND protection = 'UNREADABLE' AND sealed IS NOT NULL ORDER BY seq");
        assertTrue(plan.contains("ENTRY_BY_KEY_EPOCH") && plan.contains("KEY_EPOCH = CAST(7 AS BIGINT)"), plan);
    }

    @Test
    void onePartOfAPostingListIsOneSeek() {
        String plan = plan("SELECT postings FROM search_posting WHERE segment_id = 3 AND term = 'fox' AND part = 0");
        assertTrue(usesPrimaryKeyWith(plan, "SEGMENT_ID = CAST(3 AS BIGINT)", "TERM = 'fox'", "PART = 0"), plan);
    }

    @Test
    void prefixExpansionWalksOneSegmentsTermsInOrderAndStops() {
        String plan = plan("SELECT term FROM search_posting WHERE segment_id = 3 AND term >= 'fo' AND term < 'fp' "
                + "AND part = 0 ORDER BY segment_id, term, part LIMIT 64");
        assertTrue(usesPrimaryKeyWith(plan, "SEGMENT_ID = CAST(3 AS BIGINT)", "TERM >= 'fo'", "TERM < 'fp'")
                && plan.contains("index sorted"), plan);
    }

    @Test
    void aWritesSegmentIsOneSeek() {
        String plan = plan("SELECT postings FROM search_batch WHERE segment_id = 3");
        assertTrue(usesPrimaryKeyWith(plan, "SEGMENT_ID = CAST(3 AS BIGINT)"), plan);
    }

    @Test
    void aHitIsReadByItsEntryId() {
        String plan = plan("SELECT kind, body FROM entry WHERE entry_id = 42");
        assertTrue(usesPrimaryKeyWith(plan, "ENTRY_ID = CAST(42 AS BIGINT)"), plan);
    }

    @Test
    void theConversationListWalksTheActivityIndex() {
        String plan = plan("SELECT session_id FROM session ORDER BY last_activity DESC, session_id DESC");
        assertTrue(plan.contains("SESSION_BY_ACTIVITY") && plan.contains("index sorted"), plan);
    }

    /**
     * The index comment of the plan names the primary key's index (H2 calls it PRIMARY_KEY_n,
     * whatever the constraint is named) and every given condition as a bound of the walk.
     */
    private static boolean usesPrimaryKeyWith(String plan, String... conditions) {
        int start = plan.indexOf("/* PUBLIC.PRIMARY_KEY_");
        if (start < 0) {
            return false;
        }
        String index = plan.substring(start, plan.indexOf("*/", start + 2));
        for (String condition : conditions) {
            if (!index.contains(condition)) {
                return false;
            }
        }
        return true;
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
