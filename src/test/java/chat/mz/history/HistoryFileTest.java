package chat.mz.history;

import static chat.mz.testing.ByteScan.contains;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file: encrypted, opened only with its key, migrated once. */
class HistoryFileTest {
    private final FakeClock clock = new FakeClock();
    @TempDir
    Path dir;

    @Test
    void fileHoldsNoMessageTextOrUsernameInPlainBytes() throws Exception {
        String secretText = "meet me under the clocktower at noon";
        String username = "mallory_the_contact";
        try (History history = History.open(file(dir), key(1), clock)) {
            history.addReceived(received("s1", 1, secretText));
            history.rememberContact("u-mallory", username, new byte[32]);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("history.mv.db"));
        assertTrue(bytes.length > 0);
        for (String plain : List.of(secretText, "clocktower", username)) {
            for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE)) {
                assertFalse(contains(bytes, plain.getBytes(charset)), plain + " is readable in the file");
            }
        }
        // and it is there, under the key
        try (History history = History.open(file(dir), key(1), clock)) {
            assertEquals(secretText, history.latest("s1", 10).get(0).text());
            assertEquals(username, history.contact("u-mallory").orElseThrow().username());
        }
    }

    @Test
    void fileHoldsNoRoomKeyOrSealedBodyInPlainBytes() throws Exception {
        byte[] roomKey = new byte[32];
        for (int i = 0; i < roomKey.length; i++) {
            roomKey[i] = (byte) (0xA0 + i);
        }
        byte[] sealed = "sealed-body-of-an-unreadable-message".getBytes(StandardCharsets.UTF_8);
        try (History history = History.open(file(dir), key(1), clock)) {
            assertTrue(history.roomKeys().add(new StoredRoomKey("s1", 1, roomKey, clock.instant(), "u-ada", "d-ada",
                    true)));
            history.addReceived(List.of(received("s1", 1, "unreadable", Protection.UNREADABLE)), List.of(),
                    List.of(new SealedBody("s1", 1, 2, sealed)));
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("history.mv.db"));
        assertFalse(contains(bytes, roomKey), "the room key is readable in the file");
        assertFalse(contains(bytes, Arrays.copyOf(roomKey, 8)), "part of the room key is in the file");
        assertFalse(contains(bytes, sealed), "the sealed body is readable in the file");
        // and both are there, under the key
        try (History history = History.open(file(dir), key(1), clock)) {
            assertArrayEquals(roomKey, history.roomKeys().get("s1", 1).orElseThrow().key());
            assertArrayEquals(sealed, history.unreadable("s1", 2).get(0).sealed());
        }
    }

    @Test
    void wrongKeyFailsWithAPlainSentenceAndLeavesTheFileIntact() throws Exception {
        try (History history = History.open(file(dir), key(1), clock)) {
            history.addReceived(received("s1", 1, "hello"));
        }
        Path mvDb = dir.resolve("history.mv.db");
        byte[] before = Files.readAllBytes(mvDb);

        HistoryException e = assertThrows(HistoryException.class, () -> History.open(file(dir), key(2), clock));
        assertEquals("The history could not be opened with this device's key.", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(mvDb), "a failed open must not touch the file");

        try (History history = History.open(file(dir), key(1), clock)) {
            assertEquals("hello", history.latest("s1", 10).get(0).text());
        }
    }

    @Test
    void aKeyOfTheWrongSizeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> History.open(file(dir), new byte[16], clock));
    }

    @Test
    void secondOpenOfTheSameFileInOneProgramIsRefused() {
        try (History history = History.open(file(dir), key(1), clock)) {
            HistoryException e = assertThrows(HistoryException.class, () -> History.open(file(dir), key(1), clock));
            assertEquals("The history is already open in this program.", e.getMessage());
            assertTrue(history.sessions().isEmpty(), "the first stays usable");
        }
        History.open(file(dir), key(1), clock).close();
    }

    @Test
    void fileInUseByAnotherProcessGivesAPlainSentence() throws Exception {
        try (History history = History.open(file(dir), key(1), clock)) {
            history.put("x", "y");
        }
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldOpen.class.getName(),
                file(dir).toString(), HexFormat.of().formatHex(key(1)))
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            // its log lines may come first
            do {
                line = output.readLine();
            } while (line != null && !line.equals("open"));
            assertEquals("open", line, "the other process could not open the history");
            HistoryException e = assertThrows(HistoryException.class, () -> History.open(file(dir), key(1), clock));
            assertEquals("The history is in use by another program; close it there and try again.", e.getMessage());
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    /** Holds the history open in its own process until killed. */
    static final class HoldOpen {
        public static void main(String[] args) throws Exception {
            History history = History.open(Path.of(args[0]), HexFormat.of().parseHex(args[1]), new FakeClock());
            System.out.print("open\n");
            System.out.flush();
            Thread.sleep(60_000);
            history.close();
        }
    }

    @Test
    void schemaScriptsRunOnceAcrossReopens() throws Exception {
        History.open(file(dir), key(1), clock).close();
        History.open(file(dir), key(1), clock).close();
        try (Connection connection = raw(key(1));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description FROM schema_version ORDER BY version")) {
            for (int version = 1; version <= HistoryDatabase.SCHEMA_SCRIPTS.size(); version++) {
                assertTrue(rows.next());
                assertEquals(version, rows.getInt(1));
                assertEquals(HistoryDatabase.SCHEMA_SCRIPTS.get(version - 1), rows.getString(2));
            }
            assertFalse(rows.next(), "each script is recorded once");
        }
    }

    @Test
    void historyWrittenByANewerVersionIsRefusedWithAPlainSentence() throws Exception {
        History.open(file(dir), key(1), clock).close();
        try (Connection connection = raw(key(1)); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (99, 'V99__future.sql', 'x', 0)");
        }
        HistoryException e = assertThrows(HistoryException.class, () -> History.open(file(dir), key(1), clock));
        assertTrue(e.getMessage().contains("newer than this version of mzchat knows"), e.getMessage());
        // and the refusal released the file
        try (Connection connection = raw(key(1)); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM schema_version WHERE version = 99");
        }
        History.open(file(dir), key(1), clock).close();
    }

    /** A script added to the folder but not to the list would silently never run. */
    @Test
    void everyScriptInTheFolderIsListed() throws Exception {
        Path folder = Path.of("src/main/resources", HistoryDatabase.SCHEMA_FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(HistoryDatabase.SCHEMA_SCRIPTS.stream().sorted().collect(Collectors.toList()),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void settingsAreKeptAcrossReopens() {
        try (History history = History.open(file(dir), key(1), clock)) {
            assertTrue(history.value("theme").isEmpty());
            history.put("theme", "dark");
            history.put("theme", "light");
            history.put("gone", "soon");
            history.put("gone", null);
        }
        try (History history = History.open(file(dir), key(1), clock)) {
            assertEquals("light", history.value("theme").orElseThrow());
            assertTrue(history.value("gone").isEmpty());
        }
    }

    @Test
    void closedHistoryRefusesUse() {
        History history = History.open(file(dir), key(1), clock);
        history.close();
        history.close();
        assertThrows(HistoryException.class, history::sessions);
        assertThrows(HistoryException.class, () -> history.put("a", "b"));
    }

    private Connection raw(byte[] key) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "mzchat");
        properties.setProperty("password", HexFormat.of().formatHex(key) + " ");
        return org.h2.Driver.load().connect("jdbc:h2:file:" + file(dir).toAbsolutePath() + ";CIPHER=AES", properties);
    }
}
