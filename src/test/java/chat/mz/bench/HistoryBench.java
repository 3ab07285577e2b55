package chat.mz.bench;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Membership;
import chat.mz.history.SearchHit;
import chat.mz.history.SessionFacts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The local history at the size of a heavy user's: a million messages over a thousand
 * conversations, their words drawn with a Zipf distribution so that there are words in half the
 * messages and words in thirty. Measures the bulk insert rate, opening a conversation (its newest
 * 50 entries) and the first page of a search, then loads the same messages into SQLite FTS5 (the
 * engine Signal Desktop uses) and runs the same queries there for comparison.
 */
public final class HistoryBench {
    private static final int MESSAGES = Integer.getInteger("history.bench.messages", 1_000_000);
    private static final int SESSIONS = Integer.getInteger("history.bench.sessions", 1_000);
    /** What the client passes to addReceived at most: one page of its queue on the homeserver. */
    private static final int BATCH = 500;
    private static final int PAGE = 50;
    private static final int LATEST_SAMPLES = 2_000;
    private static final int SEARCH_SAMPLES = 30;
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final double INSERT_TARGET_PER_SECOND = 20_000;
    private static final double LATEST_TARGET_MILLIS = 10;
    private static final double SEARCH_TARGET_MILLIS = 100;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(outputDir);
        Path work = Files.createTempDirectory(outputDir, "history");
        Instant startedAt = Instant.now();

        Corpus corpus = new Corpus(42, MESSAGES, SESSIONS, BATCH);
        System.out.printf(Locale.ROOT, "Storing %,d messages in %,d conversations…%n", MESSAGES, SESSIONS);
        byte[] key = new byte[32];
        new Random(7).nextBytes(key);
        Path file = work.resolve("history");
        Figures h2 = new Figures();
        try (History history = History.open(file, key, Clock.systemUTC())) {
            for (int s = 0; s < SESSIONS; s++) {
                history.upsertSession(new SessionFacts(Corpus.sessionId(s), "Conversation " + s, s % 3 == 0, true,
                        Membership.MEMBER, "member"));
            }
            long start = System.nanoTime();
            corpus.generate((i, batch) -> history.addReceived(toEntries(batch)));
            h2.loadSeconds = (System.nanoTime() - start) / 1e9;
        }
        String rare = corpus.wordWithFrequency(30);
        String common = corpus.wordWithFrequency(Math.max(30, (int) (50_000L * MESSAGES / 1_000_000)));
        String second = corpus.wordWithFrequency(Math.max(30, (int) (20_000L * MESSAGES / 1_000_000)));
        String both = common + " " + second;
        System.out.printf(Locale.ROOT, "Rare word \"%s\" (%d messages), common \"%s\" (%d), second \"%s\" (%d)%n",
                rare, corpus.frequency(rare), common, corpus.frequency(common), second, corpus.frequency(second));

        try (History history = History.open(file, key, Clock.systemUTC());
             Connection tuning = noResultReuse(file, key)) {
            Random pick = new Random(1);
            warmUp(() -> history.latest(Corpus.sessionId(pick.nextInt(SESSIONS)), PAGE));
            h2.latest = sample(LATEST_SAMPLES, () -> history.latest(Corpus.sessionId(pick.nextInt(SESSIONS)), PAGE));
            warmUp(() -> history.search(rare, PAGE));
            h2.rare = sample(SEARCH_SAMPLES, () -> history.search(rare, PAGE));
            h2.common = sample(SEARCH_SAMPLES, () -> history.search(common, PAGE));
            h2.both = sample(SEARCH_SAMPLES, () -> history.search(both, PAGE));
            h2.rareHits = history.search(rare, PAGE).size();
            h2.commonHits = history.search(common, PAGE).size();
            h2.bothHits = history.search(both, PAGE).size();
            List<SearchHit> hits = history.search(common, PAGE);
            requireNewestFirst(hits);
        }
        h2.fileBytes = Files.size(work.resolve("history.mv.db"));

        System.out.println("Loading the same messages into SQLite FTS5…");
        Figures sqlite = Sqlite.run(corpus, work.resolve("baseline.sqlite"), rare, common, both);

        ResultTable table = new ResultTable();
        double rate = MESSAGES / h2.loadSeconds;
        table.check(String.format(Locale.ROOT, "Bulk insert, %,d messages in batches of %,d", MESSAGES, BATCH),
                String.format(Locale.ROOT, "%,.0f msg/s", rate),
                String.format(Locale.ROOT, "≥ %,.0f msg/s", INSERT_TARGET_PER_SECOND),
                rate >= INSERT_TARGET_PER_SECOND);
        table.check("Open a conversation: latest 50, p50", Units.ms(h2.latest.p50Nanos() / 1e6),
                "≤ " + Units.ms(LATEST_TARGET_MILLIS), h2.latest.p50Nanos() / 1e6 <= LATEST_TARGET_MILLIS);
        table.info("Open a conversation: latest 50, p99", Units.ms(h2.latest.p99Nanos() / 1e6));
        searchRow(table, "Search a rare word, first page (" + h2.rareHits + " hits)", h2.rare, true);
        searchRow(table, "Search a common word, first page", h2.common, true);
        searchRow(table, "Search two common words (AND), first page", h2.both, false);
        table.info("History file size (encrypted, with search index)", Units.mib(h2.fileBytes));
        table.info("SQLite FTS5: load", String.format(Locale.ROOT, "%,.0f msg/s", MESSAGES / sqlite.loadSeconds));
        ratioRow(table, "SQLite FTS5: latest 50, p50", h2.latest, sqlite.latest);
        ratioRow(table, "SQLite FTS5: rare word", h2.rare, sqlite.rare);
        ratioRow(table, "SQLite FTS5: common word", h2.common, sqlite.common);
        ratioRow(table, "SQLite FTS5: two words", h2.both, sqlite.both);
        table.info("SQLite file size", Units.mib(sqlite.fileBytes));
        table.info("Hits rare / common / two words, H2 vs SQLite", String.format(Locale.ROOT,
                "%d/%d/%d vs %d/%d/%d", h2.rareHits, h2.commonHits, h2.bothHits, sqlite.rareHits, sqlite.commonHits,
                sqlite.bothHits));
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "history");
        json.put("timestamp", startedAt.toString());
        json.put("all_targets_met", table.allMet());
        json.put("environment", MailboxBench.environment());
        json.put("messages", MESSAGES);
        json.put("sessions", SESSIONS);
        json.put("words", Map.of("rare", rare, "rare_messages", corpus.frequency(rare), "common", common,
                "common_messages", corpus.frequency(common), "second", second,
                "second_messages", corpus.frequency(second)));
        json.put("h2", h2.toJson(MESSAGES));
        json.put("sqlite_fts5", sqlite.toJson(MESSAGES));
        json.put("table", table.toJson());
        Path out = outputDir.resolve("history.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("Results written to " + out.toAbsolutePath());
        deleteTree(work);
    }

    private static void searchRow(ResultTable table, String metric, LatencyStats stats, boolean target) {
        double millis = stats.p50Nanos() / 1e6;
        if (target) {
            table.check(metric + ", p50", Units.ms(millis), "≤ " + Units.ms(SEARCH_TARGET_MILLIS),
                    millis <= SEARCH_TARGET_MILLIS);
        } else {
            table.info(metric + ", p50", Units.ms(millis));
        }
    }

    private static void ratioRow(ResultTable table, String metric, LatencyStats h2, LatencyStats sqlite) {
        table.info(metric, String.format(Locale.ROOT, "%s (H2 ÷ SQLite %.1f×)", Units.ms(sqlite.p50Nanos() / 1e6),
                (double) h2.p50Nanos() / sqlite.p50Nanos()));
    }

    private static List<Entry> toEntries(List<Corpus.Message> batch) {
        List<Entry> entries = new ArrayList<>(batch.size());
        for (Corpus.Message m : batch) {
            Instant at = START.plusSeconds(m.index() * 30L);
            entries.add(new Entry(Corpus.sessionId(m.session()), m.seq(), "m" + m.index(), "u" + m.sender(),
                    "d" + m.sender(), "user " + m.sender(), Entry.Kind.TEXT, m.text(), at, at, false,
                    DeliveryState.DELIVERED));
        }
        return entries;
    }

    /**
     * H2 answers a repeated identical query from the previous result while no table changed, and the
     * benchmark would time that cache. The setting belongs to the open database, not to a connection:
     * a second connection to the history's file (same process, same key) switches it off for all.
     */
    private static Connection noResultReuse(Path file, byte[] key) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "mzchat");
        properties.setProperty("password", HexFormat.of().formatHex(key) + " ");
        Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:" + file.toAbsolutePath()
                + ";CIPHER=AES", properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET OPTIMIZE_REUSE_RESULTS FALSE");
        }
        return connection;
    }

    private static void requireNewestFirst(List<SearchHit> hits) {
        for (int i = 1; i < hits.size(); i++) {
            if (hits.get(i).serverTime().isAfter(hits.get(i - 1).serverTime())) {
                throw new IllegalStateException("search results are not newest first");
            }
        }
    }

    @FunctionalInterface
    interface Query {
        Object run() throws Exception;
    }

    /** Runs the query for a few seconds first: the JIT and H2's page cache both need it. */
    static void warmUp(Query query) throws Exception {
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            query.run();
        }
    }

    static LatencyStats sample(int count, Query query) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Object result = query.run();
            nanos[i] = System.nanoTime() - start;
            if (result == null) {
                throw new IllegalStateException("no result");
            }
        }
        return LatencyStats.of(nanos);
    }

    /** One engine's figures. */
    static final class Figures {
        double loadSeconds;
        LatencyStats latest;
        LatencyStats rare;
        LatencyStats common;
        LatencyStats both;
        int rareHits;
        int commonHits;
        int bothHits;
        long fileBytes;

        Map<String, Object> toJson(int messages) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("load_messages_per_second", Math.round(messages / loadSeconds));
            json.put("latest50_millis", millis(latest));
            json.put("search_rare_millis", millis(rare));
            json.put("search_common_millis", millis(common));
            json.put("search_two_words_millis", millis(both));
            json.put("hits", Map.of("rare", rareHits, "common", commonHits, "two_words", bothHits));
            json.put("file_bytes", fileBytes);
            return json;
        }

        private static Map<String, Object> millis(LatencyStats stats) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("p50", Units.roundMillis(stats.p50Nanos(), 4));
            json.put("p99", Units.roundMillis(stats.p99Nanos(), 4));
            json.put("samples", stats.count());
            return json;
        }
    }

    /** The same data and queries in SQLite with an FTS5 index, rowids in time order as FTS5 wants. */
    static final class Sqlite {
        private Sqlite() {
        }

        static Figures run(Corpus corpus, Path file, String rare, String common, String both) throws Exception {
            Figures figures = new Figures();
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA journal_mode = WAL");
                    statement.execute("PRAGMA synchronous = NORMAL");
                    statement.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, "
                            + "seq INTEGER NOT NULL, message_id TEXT NOT NULL, sender_name TEXT, body TEXT NOT NULL, "
                            + "server_time INTEGER NOT NULL)");
                    statement.execute("CREATE UNIQUE INDEX message_by_seq ON message (session_id, seq)");
                    statement.execute("CREATE VIRTUAL TABLE message_fts USING fts5(body, content='message', "
                            + "content_rowid='id', tokenize='unicode61 remove_diacritics 0')");
                }
                connection.setAutoCommit(false);
                long start = System.nanoTime();
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO message VALUES (?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement index = connection.prepareStatement(
                             "INSERT INTO message_fts (rowid, body) VALUES (?, ?)")) {
                    corpus.generate((first, batch) -> {
                        for (Corpus.Message m : batch) {
                            insert.setLong(1, m.index() + 1L);
                            insert.setString(2, Corpus.sessionId(m.session()));
                            insert.setLong(3, m.seq());
                            insert.setString(4, "m" + m.index());
                            insert.setString(5, "user " + m.sender());
                            insert.setString(6, m.text());
                            insert.setLong(7, START.plusSeconds(m.index() * 30L).toEpochMilli());
                            insert.addBatch();
                            index.setLong(1, m.index() + 1L);
                            index.setString(2, m.text());
                            index.addBatch();
                        }
                        insert.executeBatch();
                        index.executeBatch();
                        connection.commit();
                    });
                }
                figures.loadSeconds = (System.nanoTime() - start) / 1e9;
                connection.setAutoCommit(true);
                Random pick = new Random(1);
                try (PreparedStatement latest = connection.prepareStatement("SELECT id, seq, sender_name, body, "
                        + "server_time FROM message WHERE session_id = ? ORDER BY seq DESC LIMIT " + PAGE);
                     PreparedStatement search = connection.prepareStatement("SELECT m.id, m.session_id, m.seq, "
                             + "m.message_id, m.sender_name, m.body, m.server_time FROM message_fts f "
                             + "JOIN message m ON m.id = f.rowid WHERE message_fts MATCH ? "
                             + "ORDER BY f.rowid DESC LIMIT " + PAGE)) {
                    warmUp(() -> rows(latest, Corpus.sessionId(pick.nextInt(SESSIONS))));
                    figures.latest = sample(LATEST_SAMPLES, () -> rows(latest,
                            Corpus.sessionId(pick.nextInt(SESSIONS))));
                    warmUp(() -> rows(search, match(rare)));
                    figures.rare = sample(SEARCH_SAMPLES, () -> rows(search, match(rare)));
                    figures.common = sample(SEARCH_SAMPLES, () -> rows(search, match(common)));
                    figures.both = sample(SEARCH_SAMPLES, () -> rows(search, match(both)));
                    figures.rareHits = rows(search, match(rare));
                    figures.commonHits = rows(search, match(common));
                    figures.bothHits = rows(search, match(both));
                }
            }
            figures.fileBytes = Files.size(file);
            return figures;
        }

        /** Every word must match, the last also as a prefix: the history's own rule. */
        private static String match(String query) {
            String[] words = query.split(" ");
            StringBuilder match = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                match.append(i == 0 ? "" : " ").append('"').append(words[i]).append('"');
            }
            return match.append('*').toString();
        }

        private static int rows(PreparedStatement select, String parameter) throws Exception {
            select.setString(1, parameter);
            int rows = 0;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    result.getString(4);
                    rows++;
                }
            }
            return rows;
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
