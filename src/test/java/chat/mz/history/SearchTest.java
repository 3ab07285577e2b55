package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static chat.mz.history.Entries.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full-text search: every word must match, any case and script, newest first. */
class SearchTest {
    private final FakeClock clock = new FakeClock(T0);
    @TempDir
    Path dir;
    private History history;

    @BeforeEach
    void open() {
        history = History.open(file(dir), key(1), clock);
        history.addReceived(List.of(
                received("s1", 1, "The quick brown fox"),
                received("s1", 2, "a lazy dog sleeps"),
                received("s2", 3, "Quick! The DOG is chasing the fox."),
                received("s2", 4, "Die Größe des Hauses"),
                received("s3", 5, "東京 tokyo 2026 ÉCOLE"),
                system("s3", 6, "fox joined the group")));
    }

    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void everyWordMustMatch() {
        assertEquals(List.of(3L, 1L), seqs("fox quick"));
        assertEquals(List.of(3L), seqs("fox dog"));
        assertEquals(List.of(), seqs("fox sleeps"));
    }

    @Test
    void caseDoesNotMatter() {
        assertEquals(List.of(3L, 2L), seqs("DoG"));
        assertEquals(List.of(5L), seqs("école"));
    }

    @Test
    void wordsInAnyScriptMatch() {
        assertEquals(List.of(4L), seqs("Größe"));
        assertEquals(List.of(4L), seqs("GRÖSSE"), "ß and ss are one letter to a reader");
        assertEquals(List.of(4L), seqs("grösse hauses"));
        assertEquals(List.of(5L), seqs("東京"));
        assertEquals(List.of(5L), seqs("2026"));
    }

    @Test
    void resultsComeNewestFirstAndStopAtTheLimit() {
        List<Entry> many = new ArrayList<>();
        for (long seq = 100; seq < 160; seq++) {
            many.add(received("s4", seq, "ping number " + seq));
        }
        history.addReceived(many);
        List<SearchHit> hits = history.search("ping", 10);
        assertEquals(10, hits.size());
        assertEquals(159L, hits.get(0).seq());
        assertEquals(150L, hits.get(9).seq());
        SearchHit hit = hits.get(0);
        assertEquals("s4", hit.sessionId());
        assertEquals("ada", hit.senderName());
        assertEquals("ping number 159", hit.snippet());
        assertEquals(T0.plusSeconds(159), hit.serverTime());
    }

    @Test
    void theNextPageContinuesWhereTheLastEnded() {
        List<Entry> many = new ArrayList<>();
        for (long seq = 100; seq < 225; seq++) {
            many.add(received("s4", seq, "common word " + (seq % 2 == 0 ? "even" : "odd")));
        }
        history.addReceived(many);
        for (String query : List.of("common", "common even", "comm")) {
            List<Long> all = new ArrayList<>();
            List<SearchHit> page = history.search(query, 20);
            while (!page.isEmpty()) {
                page.forEach(hit -> all.add(hit.seq()));
                page = history.search(query, 20, page.get(page.size() - 1).key());
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = 224; seq >= 100; seq--) {
                if (!query.contains("even") || seq % 2 == 0) {
                    expected.add(seq);
                }
            }
            assertEquals(expected, all, query);
        }
    }

    @Test
    void theLastWordAlsoMatchesAsAPrefix() {
        assertEquals(List.of(3L, 1L), seqs("qui"));
        assertEquals(List.of(3L), seqs("fox cha"));
        assertEquals(List.of(), seqs("cha fox"), "only the last word is a prefix");
    }

    @Test
    void systemLinesAreNotSearched() {
        assertTrue(seqs("joined").isEmpty());
    }

    @Test
    void anUnreadableMessagesExplanationIsNotSearched() {
        history.addReceived(List.of(received("s1", 10, "This message could not be decrypted.", Protection.UNREADABLE),
                received("s1", 11, "decrypted and readable", Protection.ENCRYPTED)));
        assertEquals(List.of(11L), seqs("decrypted"));
        assertEquals(List.of(), seqs("message could"));
    }

    @Test
    void noHitsAndNoWordsGiveAnEmptyResult() {
        assertEquals(List.of(), seqs("zebra"));
        assertEquals(List.of(), seqs("!!! ... ?"));
        assertEquals(List.of(), seqs(""));
        assertEquals(List.of(), history.search("fox", 0));
    }

    @Test
    void pendingMessagesAreFoundAndKeepOneEntryOnceSent() {
        history.addPending(pending("s1", "m1", "a pending fox", T0.plusSeconds(1000)));
        List<SearchHit> hits = history.search("pending", 10);
        assertEquals(1, hits.size());
        assertNull(hits.get(0).seq());
        history.markSent("s1", "m1", 7, T0.plusSeconds(1001));
        hits = history.search("pending fox", 10);
        assertEquals(1, hits.size());
        assertEquals(7L, hits.get(0).seq());
        assertEquals(T0.plusSeconds(1001), hits.get(0).serverTime());
        assertEquals(List.of(7L, 3L, 1L), seqs("fox"));
    }

    @Test
    void aLongTextIsCutAroundTheMatch() {
        String text = "lorem ".repeat(100) + "needle " + "ipsum ".repeat(100);
        history.addReceived(received("s5", 1, text));
        String snippet = history.search("needle", 1).get(0).snippet();
        assertTrue(snippet.contains("needle"), snippet);
        assertTrue(snippet.length() < 200, snippet);
        assertTrue(snippet.startsWith("…") && snippet.endsWith("…"), snippet);
    }

    private List<Long> seqs(String query) {
        return history.search(query, 50).stream().map(SearchHit::seq).collect(Collectors.toList());
    }
}
