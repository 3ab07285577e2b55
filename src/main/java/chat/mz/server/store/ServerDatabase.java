package chat.mz.server.store;

import chat.mz.storage.SchemaException;
import chat.mz.storage.SchemaMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import chat.mz.storage.H2Files;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The homeserver's H2 database: {@code homeserver.mv.db} in the server's data folder, or a private
 * in-memory database when there is none (tests, and throw-away servers). Opening it brings the
 * schema up to date. Connections come from a small pool; close the database after everything that
 * uses it has stopped.
 */
public final class ServerDatabase implements AutoCloseable {
    /** The database file's name without H2's {@code .mv.db}. */
    public static final String FILE_NAME = "homeserver";
    private static final Logger LOG = LoggerFactory.getLogger(ServerDatabase.class);
    private static final int MAX_CONNECTIONS = 8;
    /** Class path folder of the schema scripts. */
    public static final String SCHEMA_FOLDER = "db/server/";
    /** The schema scripts, oldest first. Append new ones; never edit a released one. */
    public static final List<String> SCHEMA_SCRIPTS = List.of("V1__accounts.sql", "V2__sessions.sql",
            "V3__room_keys.sql", "V4__sync_events.sql");

    private final JdbcConnectionPool pool;
    private final String description;
    private final boolean inFile;

    private ServerDatabase(JdbcConnectionPool pool, String description, boolean inFile) {
        this.pool = pool;
        this.description = description;
        this.inFile = inFile;
    }

    /**
     * Opens (creating if needed) and migrates the database.
     *
     * @param dataDir the folder of the database file; null for memory only
     * @throws StoreException with a plain sentence when it cannot be opened (in use by another
     *                        process, not writable, newer than this program)
     */
    public static ServerDatabase open(Path dataDir, Clock clock) {
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under requests
        // still being answered; the homeserver closes it itself, last.
        String url = dataDir == null
                ? "jdbc:h2:mem:homeserver-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE"
                        + H2Files.URL_OPTIONS;
        String description = dataDir == null ? "memory" : dataDir.toAbsolutePath().resolve(FILE_NAME + ".mv.db")
                .toString();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "mzchat", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        ServerDatabase database = new ServerDatabase(pool, description, dataDir != null);
        try (Connection connection = pool.getConnection()) {
            int applied = new SchemaMigrations(SCHEMA_FOLDER, SCHEMA_SCRIPTS, clock, "this homeserver")
                    .migrate(connection);
            LOG.info("Database {} ready ({} schema updates applied)", description, applied);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(openFailure(e, description), e);
        } catch (SchemaException e) {
            database.close();
            throw new StoreException(e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** A pooled connection in auto-commit mode; close it to give it back. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Whether the database lives in a file; an in-memory one is gone with the process anyway. */
    public boolean inFile() {
        return inFile;
    }

    /**
     * Returns once every change committed so far is in the database file: H2 hands each commit to
     * its writer threads as it commits ({@link H2Files}), and this waits for them. That is what
     * makes a commit survive a killed process (not a crash of the machine: there is no fsync).
     * Blocks on the disk: call it from {@link DurableCommits}' writer only.
     *
     * @throws StoreException when the write failed; H2 then refuses every later change
     */
    void writeCommitted() {
        try (Connection connection = pool.getConnection()) {
            H2Files.awaitWritten(connection);
        } catch (SQLException | MVStoreException e) {
            throw new StoreException("The homeserver could not write its database " + description + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // SHUTDOWN writes everything out and releases the file at once, so a restart in the
            // same process (or another process) can open it right away
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.warn("The database {} did not shut down cleanly: {}", description, e.getMessage());
        } finally {
            pool.dispose();
        }
    }

    private static String openFailure(SQLException e, String description) {
        // 90020: "Database may be already in use"
        if (e.getErrorCode() == 90020) {
            return "The homeserver's database " + description + " is in use by another program.";
        }
        return "The homeserver's database " + description + " could not be opened: " + e.getMessage();
    }
}
