package chat.mz.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.storage.SchemaMigrations;
import chat.mz.testing.FakeClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A database from before room keys: its encrypted sessions have no key, so they are due for their first. */
class RoomKeyMigrationTest {
    @Test
    void encryptedSessionsOfAnOlderDatabaseAreDueForTheirFirstKey() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:migration-" + UUID.randomUUID(),
                "mzchat", "")) {
            new SchemaMigrations(ServerDatabase.SCHEMA_FOLDER, ServerDatabase.SCHEMA_SCRIPTS.subList(0, 2),
                    new FakeClock(), "an older homeserver").migrate(connection);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO session (session_id, name, direct, e2ee_on, created_at, last_seq, "
                        + "last_activity) VALUES ('sealed', 'Sealed', FALSE, TRUE, 1, 1, 1), "
                        + "('plain', 'Plain', FALSE, FALSE, 1, 1, 1)");
            }

            new SchemaMigrations(ServerDatabase.SCHEMA_FOLDER, ServerDatabase.SCHEMA_SCRIPTS, new FakeClock(),
                    "this homeserver").migrate(connection);

            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT session_id, key_epoch, rekey_needed, rekey_reason, "
                         + "rotation_seconds, new_members_read_history FROM session ORDER BY session_id")) {
                rows.next();
                assertEquals(List.of("plain", 0L, false, "null", 0L, false), row(rows));
                rows.next();
                assertEquals(List.of("sealed", 0L, true, "created", 0L, false), row(rows));
            }
        }
    }

    private static List<Object> row(ResultSet rows) throws Exception {
        return List.of(rows.getString(1), rows.getLong(2), rows.getBoolean(3), String.valueOf(rows.getString(4)),
                rows.getLong(5), rows.getBoolean(6));
    }
}
