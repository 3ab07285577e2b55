package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index over many writes, so that segments are merged into packed and row levels: every query
 * gives exactly what a scan of all messages gives, in the same order, page after page.
 */
class SearchSegmentsTest {
    private static final List<String> WORDS = List.of("alpha", "alp", "alpine", "beta", "bet", "gamma", "delta",
            "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho");
    private static final List<String> QUERIES = List.of("alpha", "alp", "al", "bet", "beta gamma", "gamma beta",
            "alpha be", "mu nu xi", "pi rho", "zeta", "eta", "e", "kappa lambda mu", "nothing", "alpine alp");

    @TempDir
    Path dir;

    /** What the history should hold: one line per searchable message. */
    private record Message(String messageId, String text, long sortTime, long order) {
    }

    @Test
    void mergedSegmentsAnswerLikeAScanOfEveryMessage() {
        Random random = new Random(5);
        List<Message> model = new ArrayList<>();
        long order = 0;
        long[] seqs = new long[4];
        try (History history = History.open(file(dir), key(1), new FakeClock(T0))) {
            for (int write = 0; write < 150; write++) {
                if (write % 10 == 3) {
                    // one of our own: pending under its local time, then sent under the homeserver's
                    String id = "p" + write;
                    String text = text(random);
                    long created = 100_000 + write;
                    history.addPending(pending("s0", id, text, T0.plusSeconds(created)));
                    Message pending = new Message(id, text, created, order++);
                    model.add(pending);
                    if (write % 20 == 3) {
                        long seq = ++seqs[0];
                        long sent = 200_000 + write;
                        history.markSent("s0", id, seq, T0.plusSeconds(sent));
                        model.set(model.indexOf(pending), new Message(id, text, sent, pending.order()));
                    }
                    continue;
                }
                List<Entry> batch = new ArrayList<>();
                int size = 1 + random.nextInt(write % 7 == 0 ? 60 : 8);
                for (int i = 0; i < size; i++) {
                    int session = random.nextInt(seqs.length);
                    long seq = ++seqs[session];
                    String text = text(random);
                    Entry entry = received("s" + session, seq, "u-" + session, text);
                    // times out of insertion order too, as from several conversations
                    entry = new Entry(entry.sessionId(), seq, "m" + write + "-" + i, entry.senderUserId(),
                            entry.senderDeviceId(), entry.senderName(), entry.kind(), text,
                            T0.plusSeconds(random.nextInt(50_000)), T0, false, DeliveryState.DELIVERED);
                    batch.add(entry);
                    model.add(new Message(entry.messageId(), text, entry.serverTime().getEpochSecond()
                            - T0.getEpochSecond(), order++));
                }
                assertEquals(size, history.addReceived(batch));
            }
            int segments = history.read(c -> SearchSegments.segments(c).size());
            boolean rows = history.read(c -> SearchSegments.segments(c).stream()
                    .anyMatch(s -> s.level() > SearchSegments.MAX_PACKED_LEVEL));
            assertTrue(rows && segments < 3 * SearchSegments.FANOUT, "merged into " + segments + " segments");

            for (String query : QUERIES) {
                List<String> expected = expected(model, query);
                assertEquals(expected, ids(history.search(query, 10_000)), query);
                List<String> paged = new ArrayList<>();
                List<SearchHit> page = history.search(query, 7);
                while (!page.isEmpty()) {
                    paged.addAll(ids(page));
                    page = history.search(query, 7, page.get(page.size() - 1).key());
                }
                assertEquals(expected, paged, query + ", page by page");
            }
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int words = 1 + random.nextInt(6);
        for (int i = 0; i < words; i++) {
            // skewed, so some words are common and some rare
            int rank = (int) (WORDS.size() * Math.pow(random.nextDouble(), 2));
            text.append(i == 0 ? "" : " ").append(WORDS.get(rank));
        }
        return text.toString();
    }

    private static List<String> expected(List<Message> model, String query) {
        List<String> words = new ArrayList<>(Terms.distinct(query));
        String prefix = words.remove(words.size() - 1);
        return model.stream()
                .filter(m -> {
                    List<String> terms = Terms.all(m.text());
                    return terms.containsAll(words) && terms.stream().anyMatch(t -> t.startsWith(prefix));
                })
                .sorted(Comparator.comparingLong(Message::sortTime).thenComparingLong(Message::order).reversed())
                .map(Message::messageId)
                .collect(Collectors.toList());
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::messageId).collect(Collectors.toList());
    }
}
