package chat.mz.history;

import static chat.mz.testing.ByteScan.contains;
import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync events a device has applied, and the outbox of those it made, in the encrypted history file. */
class SyncLogTest {
    private final FakeClock clock = new FakeClock(T0);
    @TempDir
    Path dir;
    private History history;

    @BeforeEach
    void open() {
        history = History.open(file(dir), key(1), clock);
    }

    @AfterEach
    void close() {
        history.close();
    }

    private void reopen() {
        history.close();
        history = History.open(file(dir), key(1), clock);
    }

    private OutgoingSync outgoing(String eventId, String body) {
        return new OutgoingSync(eventId, body.getBytes(StandardCharsets.UTF_8), clock.instant());
    }

    @Test
    void onlyRecordedEventsAreSeen() {
        SyncLog log = history.syncLog();
        assertEquals(Set.of(), log.seen(List.of()));
        assertEquals(Set.of(), log.seen(List.of("evt-a", "evt-b")));

        log.record(List.of("evt-a", "evt-c"), clock.instant());

        assertEquals(Set.of("evt-a"), log.seen(List.of("evt-a", "evt-b")));
        assertEquals(Set.of("evt-a", "evt-c"), log.seen(List.of("evt-c", "evt-a", "evt-a", "evt-d")));
        assertEquals(Set.of(), log.seen(List.of("EVT-A", "evt-")), "ids are compared exactly");
    }

    @Test
    void recordingTheSameIdsAgainKeepsOneOfEach() {
        SyncLog log = history.syncLog();
        log.record(List.of("evt-a", "evt-b"), clock.instant());
        log.record(List.of("evt-b", "evt-a"), clock.instant());
        log.record(List.of("evt-a", "evt-a"), clock.instant());
        log.record(List.of(), clock.instant());

        assertEquals(Set.of("evt-a", "evt-b"), log.seen(List.of("evt-a", "evt-b")));
        assertEquals(2, log.prune(clock.instant().plusMillis(1)), "one row each");
        assertEquals(Set.of(), log.seen(List.of("evt-a", "evt-b")));
    }

    @Test
    void manyIdsAreLookedUpInOneCall() {
        SyncLog log = history.syncLog();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add("evt-" + i);
        }
        log.record(ids.subList(0, 300), clock.instant());
        Set<String> seen = log.seen(ids);
        assertEquals(300, seen.size());
        assertTrue(seen.containsAll(ids.subList(0, 300)));
        assertFalse(seen.contains("evt-300"));
    }

    @Test
    void pruningForgetsOnlyIdsAppliedBeforeTheCutOff() {
        SyncLog log = history.syncLog();
        log.record(List.of("evt-old"), clock.instant());
        clock.advance(Duration.ofDays(10));
        log.record(List.of("evt-mid-1", "evt-mid-2"), clock.instant());
        Instant mid = clock.instant();
        clock.advance(Duration.ofDays(25));
        log.record(List.of("evt-new"), clock.instant());
        List<String> all = List.of("evt-old", "evt-mid-1", "evt-mid-2", "evt-new");

        assertEquals(1, log.prune(clock.instant().minus(Duration.ofDays(SyncLog.KEEP_DAYS))));
        assertEquals(Set.of("evt-mid-1", "evt-mid-2", "evt-new"), log.seen(all));
        assertEquals(0, log.prune(mid), "an id applied exactly at the cut-off stays");
        assertEquals(2, log.prune(mid.plusMillis(1)));
        assertEquals(Set.of("evt-new"), log.seen(all));
        assertEquals(0, log.prune(mid.plusMillis(1)), "nothing left to forget");

        reopen();
        assertEquals(Set.of("evt-new"), history.syncLog().seen(all), "what is left is kept on disk");
    }

    @Test
    void theOutboxKeepsTheOrderEventsWereQueuedIn() {
        SyncLog log = history.syncLog();
        assertEquals(List.of(), log.outbox(10));
        OutgoingSync first = outgoing("evt-1", "{\"n\":1}");
        clock.advance(Duration.ofSeconds(-5));
        OutgoingSync second = outgoing("evt-2", "{\"n\":2}");
        clock.advance(Duration.ofSeconds(10));
        OutgoingSync third = outgoing("evt-0", "{\"n\":3}");
        for (OutgoingSync event : List.of(first, second, third)) {
            log.queue(event);
        }

        assertEquals(List.of(first, second, third), log.outbox(10), "queue order, not id or creation time");
        assertEquals(List.of(first, second), log.outbox(2));
        assertArrayEquals("{\"n\":2}".getBytes(StandardCharsets.UTF_8), log.outbox(2).get(1).body());
        assertEquals(second.createdAt(), log.outbox(2).get(1).createdAt());
    }

    @Test
    void aSentEventLeavesTheOutboxAndTheRestKeepTheirPlaces() {
        SyncLog log = history.syncLog();
        OutgoingSync first = outgoing("evt-1", "one");
        OutgoingSync second = outgoing("evt-2", "two");
        OutgoingSync third = outgoing("evt-3", "three");
        for (OutgoingSync event : List.of(first, second, third)) {
            log.queue(event);
        }

        log.sent("evt-2");
        assertEquals(List.of(first, third), log.outbox(10));
        log.sent("evt-2");
        log.sent("evt-unknown");
        assertEquals(List.of(first, third), log.outbox(10), "sending twice or an unknown id changes nothing");

        OutgoingSync fourth = outgoing("evt-4", "four");
        log.queue(fourth);
        log.sent("evt-1");
        assertEquals(List.of(third, fourth), log.outbox(10), "a later event goes behind");
        log.sent("evt-3");
        log.sent("evt-4");
        assertEquals(List.of(), log.outbox(10));
    }

    @Test
    void theOutboxAndTheSeenIdsSurviveClosingTheFile() {
        OutgoingSync first = outgoing("evt-1", "{\"type\":\"read_up_to\",\"seq\":4}");
        clock.advance(Duration.ofMinutes(1));
        OutgoingSync second = outgoing("evt-2", "{\"type\":\"read_up_to\",\"seq\":9}");
        history.syncLog().queue(first);
        history.syncLog().queue(second);
        history.syncLog().record(List.of("evt-in-1"), clock.instant());

        reopen();

        assertEquals(List.of(first, second), history.syncLog().outbox(10));
        assertEquals(Set.of("evt-in-1"), history.syncLog().seen(List.of("evt-in-1", "evt-1")));
        history.syncLog().sent("evt-1");
        OutgoingSync third = outgoing("evt-3", "{}");
        history.syncLog().queue(third);

        reopen();

        assertEquals(List.of(second, third), history.syncLog().outbox(10), "queued after a reopen goes behind");
    }

    @Test
    void anOutboxEventIsNotReadableInTheFile() throws Exception {
        String marker = "sync-outbox-marker-quartz-falcon-4711";
        byte[] body = ("{\"type\":\"contact_added\",\"username\":\"" + marker + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        history.syncLog().queue(new OutgoingSync("evt-secret", body, clock.instant()));
        history.close();

        byte[] bytes = Files.readAllBytes(dir.resolve("history.mv.db"));
        assertTrue(bytes.length > 0);
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE)) {
            assertFalse(contains(bytes, marker.getBytes(charset)), "the outbox event is readable in the file");
        }
        assertFalse(contains(bytes, "quartz-falcon".getBytes(StandardCharsets.UTF_8)), "not even part of it");

        history = History.open(file(dir), key(1), clock);
        assertArrayEquals(body, history.syncLog().outbox(1).get(0).body(), "and it is there, under the key");
    }

    @Test
    void theFileSearchFindsTheSameBodyInAnUnencryptedFile() throws Exception {
        // the check above could pass for a search that finds nothing: the same row in a plain H2 file is found
        String marker = "sync-outbox-marker-quartz-falcon-4711";
        Path plain = dir.resolve("plain");
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        properties.setProperty("password", "");
        try (Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:" + plain.toAbsolutePath(),
                properties)) {
            connection.createStatement().execute("CREATE TABLE sync_outbox (position BIGINT GENERATED BY DEFAULT "
                    + "AS IDENTITY PRIMARY KEY, event_id VARCHAR(64), body VARBINARY(1048576), created_at BIGINT)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sync_outbox (event_id, body, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, "evt-secret");
                insert.setBytes(2, ("{\"username\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8));
                insert.setLong(3, 0);
                insert.executeUpdate();
            }
        }
        assertTrue(contains(Files.readAllBytes(dir.resolve("plain.mv.db")), marker.getBytes(StandardCharsets.UTF_8)));
    }
}
