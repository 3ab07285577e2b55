package chat.mz.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.server.store.ServerDatabase;
import chat.mz.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema runner: applies each script once, and stops on edited scripts and newer databases. */
class SchemaMigrationsTest {
    private final FakeClock clock = new FakeClock();
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:h2:mem:migrations-" + System.nanoTime(), "sa", "");
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void appliesEachScriptOnceAndRecordsIt() throws Exception {
        SchemaMigrations migrations = server();
        assertEquals(migrations.latestVersion(), migrations.migrate(connection));
        assertEquals(0, migrations.migrate(connection), "a second run has nothing to do");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT user_id, username, root_public_key FROM account");
            var rows = statement.executeQuery("SELECT COUNT(*) FROM schema_version");
            rows.next();
            assertEquals(migrations.latestVersion(), rows.getInt(1));
        }
    }

    @Test
    void refusesAScriptEditedAfterItWasApplied() throws Exception {
        server().migrate(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("UPDATE schema_version SET checksum = 'edited' WHERE version = 1");
        }
        SchemaException e = assertThrows(SchemaException.class, () -> server().migrate(connection));
        assertTrue(e.getMessage().contains("was changed after it had been applied"), e.getMessage());
    }

    @Test
    void refusesADatabaseWrittenByANewerHomeserver() throws Exception {
        server().migrate(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (99, 'V99__future.sql', 'x', 0)");
        }
        SchemaException e = assertThrows(SchemaException.class, () -> server().migrate(connection));
        assertTrue(e.getMessage().contains("newer than this homeserver knows"), e.getMessage());
    }

    @Test
    void scriptNamesMustCountFromOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new SchemaMigrations("db/server/", List.of("V2__accounts.sql"), clock, "this homeserver"));
        assertThrows(IllegalArgumentException.class,
                () -> new SchemaMigrations("db/server/", List.of("accounts.sql"), clock, "this homeserver"));
    }

    @Test
    void splitsStatementsAtSemicolonsThatEndALine() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)"),
                SchemaMigrations.statements("-- a comment;\nCREATE TABLE a (x INT);\n\nINSERT INTO a\nVALUES (1);\n")
                        .stream().map(s -> s.replace('\n', ' ')).collect(Collectors.toList()));
    }

    /** A script added to the folder but not to the list would silently never run. */
    @Test
    void everyScriptInTheFolderIsListed() throws Exception {
        Path folder = Path.of("src/main/resources", ServerDatabase.SCHEMA_FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(ServerDatabase.SCHEMA_SCRIPTS.stream().sorted().collect(Collectors.toList()),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    private SchemaMigrations server() {
        return new SchemaMigrations(ServerDatabase.SCHEMA_FOLDER, ServerDatabase.SCHEMA_SCRIPTS, clock, "this homeserver");
    }
}
