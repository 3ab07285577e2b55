package chat.mz.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Making what H2 committed survive a killed process. H2 commits a transaction to its in-memory
 * store and writes the file later, from a background thread; this writes it now and waits for it.
 * There is no fsync: a crash of the whole machine may still lose the last writes.
 */
public final class H2Files {
    private H2Files() {
    }

    /**
     * Writes every change committed so far in {@code connection}'s database to its file, returning
     * once it is there. Blocks on the disk.
     *
     * @throws SQLException                       when the connection is closed
     * @throws org.h2.mvstore.MVStoreException    when the write failed; H2 then refuses later changes
     */
    public static void writeCommitted(Connection connection) throws SQLException {
        // reached through H2 classes outside JDBC: an H2 upgrade must keep the durability tests green
        MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                .getStore().getMvStore();
        // what SQL's CHECKPOINT does, without the compaction it runs first: writes the unsaved changes
        store.commit();
        // but H2's background writer may have taken those changes into a write it handed to its
        // serialization and file threads without waiting; then the commit above found nothing to do.
        // This waits until every write begun so far is in the file (and throws if one failed).
        store.executeFilestoreOperation(() -> { });
    }
}
