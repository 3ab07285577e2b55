package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Room keys by epoch, the counter of our own messages, replay windows and encryption settings. */
class RoomKeyringTest {
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

    static StoredRoomKey roomKey(String session, long epoch, int fill, String fromDevice, boolean confirmed) {
        return new StoredRoomKey(session, epoch, key(fill), T0.plusSeconds(epoch), "u-ada", fromDevice, confirmed);
    }

    @Test
    void aKeyIsStoredOnceAndKeptAcrossReopens() {
        RoomKeyring keys = history.roomKeys();
        StoredRoomKey first = roomKey("s1", 1, 10, "d-ada", true);
        assertTrue(keys.add(first));
        assertFalse(keys.add(roomKey("s1", 1, 11, "d-bob", true)), "a confirmed key stays");
        reopen();
        StoredRoomKey stored = history.roomKeys().get("s1", 1).orElseThrow();
        assertEquals(first, stored);
        assertArrayEquals(key(10), stored.key());
        assertTrue(history.roomKeys().get("s1", 2).isEmpty());
        assertTrue(history.roomKeys().get("s2", 1).isEmpty());
    }

    @Test
    void ourUnconfirmedKeyGivesWayToTheKeyThatWon() {
        RoomKeyring keys = history.roomKeys();
        assertTrue(keys.add(roomKey("s1", 2, 20, "d-me", false)));
        StoredRoomKey winner = roomKey("s1", 2, 21, "d-bob", true);
        assertTrue(keys.add(winner));
        assertEquals(winner, keys.get("s1", 2).orElseThrow());
        assertFalse(keys.remove("s1", 2), "the winner is confirmed: never removed");
        assertFalse(keys.add(roomKey("s1", 2, 22, "d-me", false)), "nor replaced");
        assertArrayEquals(key(21), keys.get("s1", 2).orElseThrow().key());
    }

    @Test
    void confirmingOurKeyKeepsItAndAnUnconfirmedOneCanBeRemoved() {
        RoomKeyring keys = history.roomKeys();
        keys.add(roomKey("s1", 3, 30, "d-me", false));
        keys.confirm("s1", 3);
        assertTrue(keys.get("s1", 3).orElseThrow().confirmed());
        assertFalse(keys.add(roomKey("s1", 3, 31, "d-bob", true)));
        assertFalse(keys.remove("s1", 3));
        assertArrayEquals(key(30), keys.get("s1", 3).orElseThrow().key());

        keys.add(roomKey("s1", 4, 40, "d-me", false));
        assertTrue(keys.remove("s1", 4));
        assertFalse(keys.remove("s1", 4), "already gone");
        assertTrue(keys.get("s1", 4).isEmpty());
    }

    @Test
    void latestIsTheHighestEpochAndAllComeInEpochOrder() {
        RoomKeyring keys = history.roomKeys();
        assertTrue(keys.latest("s1").isEmpty());
        assertTrue(keys.all("s1").isEmpty());
        keys.add(roomKey("s1", 2, 2, "d-ada", true));
        keys.add(roomKey("s1", 10, 10, "d-ada", false));
        keys.add(roomKey("s1", 1, 1, "d-ada", true));
        keys.add(roomKey("s0", 99, 99, "d-ada", true));
        keys.add(roomKey("s2", 99, 99, "d-ada", true));
        StoredRoomKey latest = keys.latest("s1").orElseThrow();
        assertEquals(10, latest.epoch());
        assertFalse(latest.confirmed(), "confirmed or not");
        assertEquals(List.of(1L, 2L, 10L),
                keys.all("s1").stream().map(StoredRoomKey::epoch).collect(Collectors.toList()));
    }

    @Test
    void theKeyIsCopiedInAndOutAndNeverShown() {
        byte[] bytes = key(5);
        StoredRoomKey key = new StoredRoomKey("s1", 1, bytes, T0, "u-ada", "d-ada", true);
        bytes[1] = 99;
        key.key()[2] = 99;
        assertArrayEquals(key(5), key.key());
        assertEquals(new StoredRoomKey("s1", 1, key(5), T0, "u-ada", "d-ada", true), key);
        assertEquals(key.hashCode(), new StoredRoomKey("s1", 1, key(5), T0, "u-ada", "d-ada", true).hashCode());
        assertNotEquals(new StoredRoomKey("s1", 1, key(6), T0, "u-ada", "d-ada", true), key);
        String shown = key.toString();
        assertTrue(shown.contains("key=(hidden)"), shown);
        assertFalse(shown.contains("[B@") || shown.contains("7, 5"), shown);
        assertThrows(IllegalArgumentException.class,
                () -> new StoredRoomKey("s1", 1, new byte[16], T0, "u-ada", "d-ada", true));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredRoomKey("s1", 0, key(5), T0, "u-ada", "d-ada", true));
    }

    @Test
    void countersRiseStrictlyPerConversationAndSurviveAReopen() {
        RoomKeyring keys = history.roomKeys();
        assertEquals(1, keys.nextCounter("s1"));
        assertEquals(2, keys.nextCounter("s1"));
        assertEquals(1, keys.nextCounter("s2"), "each conversation counts on its own");
        assertEquals(3, keys.nextCounter("s1"));
        reopen();
        assertEquals(4, history.roomKeys().nextCounter("s1"), "never handed out twice");
        assertEquals(2, history.roomKeys().nextCounter("s2"));
    }

    @Test
    void aReplayWindowIsStoredWithItsBatchAndReplacedByTheNext() {
        RoomKeyring keys = history.roomKeys();
        assertTrue(keys.replayWindow("s1", "u-ada", "d-ada").isEmpty());
        byte[] window = {1, 2, 3};
        assertEquals(1, history.addReceived(List.of(received("s1", 1, "hi", Protection.ENCRYPTED)),
                List.of(new StreamWindow("s1", "u-ada", "d-ada", window)), List.of()));
        window[0] = 9;
        reopen();
        keys = history.roomKeys();
        assertArrayEquals(new byte[] {1, 2, 3}, keys.replayWindow("s1", "u-ada", "d-ada").orElseThrow());
        assertTrue(keys.replayWindow("s1", "u-ada", "d-other").isEmpty());
        history.addReceived(List.of(received("s1", 2, "again", Protection.ENCRYPTED)),
                List.of(new StreamWindow("s1", "u-ada", "d-ada", new byte[] {4, 5})), List.of());
        assertArrayEquals(new byte[] {4, 5}, keys.replayWindow("s1", "u-ada", "d-ada").orElseThrow());
        assertEquals(2, history.latest("s1", 10).size());
    }

    @Test
    void aFailedBatchKeepsNeitherItsEntriesNorItsWindows() {
        List<Entry> batch = List.of(received("s1", 1, "fine"), Entries.pending("s1", "m1", "no seq", T0));
        assertThrows(IllegalArgumentException.class, () -> history.addReceived(batch,
                List.of(new StreamWindow("s1", "u-ada", "d-ada", new byte[] {1})), List.of()));
        assertTrue(history.roomKeys().replayWindow("s1", "u-ada", "d-ada").isEmpty());
        assertTrue(history.latest("s1", 10).isEmpty());
    }

    @Test
    void settingsHaveDefaultsAndAreKept() {
        RoomKeyring keys = history.roomKeys();
        assertEquals(new RoomSettings("s1", 0, false, 0, false, false), keys.settings("s1"));
        RoomSettings settings = new RoomSettings("s1", 3, true, 86_400, true, true);
        keys.saveSettings(settings);
        keys.saveSettings(new RoomSettings("s2", 1, false, 0, false, true));
        reopen();
        assertEquals(settings, history.roomKeys().settings("s1"));
        RoomSettings changed = new RoomSettings("s1", 4, false, 3_600, false, true);
        history.roomKeys().saveSettings(changed);
        assertEquals(changed, history.roomKeys().settings("s1"));
        assertEquals(1, history.roomKeys().settings("s2").keyEpoch());
    }
}
