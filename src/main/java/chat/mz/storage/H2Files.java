package chat.mz.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Making what H2 committed survive a killed process, with a file that is consistent after one.
 *
 * <p>Open the database with {@link #URL_OPTIONS} ({@code WRITE_DELAY=0}): H2 then hands a
 * transaction's changes to its writer threads as part of committing it, and runs no background
 * writer. A background writer takes the maps' roots one map after another while transactions
 * change them, so a process killed after such a write can come back with half a transaction: the
 * homeserver once came back with a message stored under a seq its conversation had not counted
 * yet, and refused every later message there. So every write must also come from the one thread
 * that runs transactions, between them. There is no fsync: a crash of the whole machine may still
 * lose the last writes.
 */
public final class H2Files {
    /** Append to the JDBC URL of a file database. */
    public static final String URL_OPTIONS = ";WRITE_DELAY=0";

    private H2Files() {
    }

    /**
     * Waits until every write H2 has begun for {@code connection}'s database is in its file: with
     * {@link #URL_OPTIONS}, everything committed before this call. Blocks on the disk; safe from
     * any thread, since it writes nothing itself.
     *
     * @throws SQLException                    when the connection is closed
     * @throws org.h2.mvstore.MVStoreException when a write failed; H2 then refuses later changes
     */
    public static void awaitWritten(Connection connection) throws SQLException {
        // reached through H2 classes outside JDBC: an H2 upgrade must keep the durability tests green
        MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                .getStore().getMvStore();
        // H2 serializes and saves a commit's chunk on threads of its own without waiting for them;
        // this waits until everything handed to them so far is written (and throws if a write failed)
        store.executeFilestoreOperation(() -> { });
    }
}
