package chat.mz.history;

import chat.mz.crypto.Bytes;
import chat.mz.storage.H2Files;
import chat.mz.storage.SchemaException;
import chat.mz.storage.SchemaMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encrypted H2 file and its connections: one writer, used under a lock so that writes happen one
 * at a time (which keeps the duplicate checks of the receive path free of races), and a few readers
 * that see consistent snapshots while a write is under way. All connections are opened at once so
 * the password can be wiped from memory right after.
 */
final class HistoryDatabase implements AutoCloseable {
    static final String SCHEMA_FOLDER = "db/history/";
    static final List<String> SCHEMA_SCRIPTS = List.of("V1__history.sql", "V2__requests.sql",
            "V3__entries_found_by_seq.sql", "V4__room_keys.sql", "V5__device_sync.sql");
    private static final Logger LOG = LoggerFactory.getLogger(HistoryDatabase.class);
    private static final int KEY_BYTES = 32;
    private static final int READERS = 2;
    /**
     * 64 MiB of page cache (H2 counts in KiB): with CIPHER=AES every page read from disk is
     * decrypted, so a cache that holds the hot index pages matters more than without encryption.
     */
    private static final int CACHE_KIB = 64 * 1024;
    private static final int WRONG_PASSWORD = 90049;
    private static final int ALREADY_IN_USE = 90020;
    private static final int FILE_CORRUPTED = 90030;
    /** Files open in this process: a second H2 connection would share, then shut down, the first's database. */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> all;
    private volatile boolean closed;

    private HistoryDatabase(Path file, Connection writer, List<Connection> readerList) {
        this.file = file;
        this.writer = writer;
        this.readers = new ArrayBlockingQueue<>(readerList.size(), false, readerList);
        this.all = new ArrayList<>(readerList);
        this.all.add(writer);
    }

    static HistoryDatabase open(Path file, byte[] fileKey, Clock clock, String urlOptions) {
        if (fileKey == null || fileKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("the history's file key must be " + KEY_BYTES + " bytes");
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (!OPEN_FILES.add(absolute)) {
            throw new HistoryException("The history is already open in this program.");
        }
        String url = "jdbc:h2:file:" + absolute + ";CIPHER=AES;CACHE_SIZE=" + CACHE_KIB
                // the client closes the history itself, after the threads that write to it have stopped
                + ";DB_CLOSE_ON_EXIT=FALSE" + H2Files.URL_OPTIONS + urlOptions;
        List<Connection> opened = new ArrayList<>();
        char[] password = password(fileKey);
        try {
            for (int i = 0; i <= READERS; i++) {
                opened.add(connect(url, password));
            }
            Connection writer = opened.get(0);
            writer.setAutoCommit(false);
            new SchemaMigrations(SCHEMA_FOLDER, SCHEMA_SCRIPTS, clock, "this version of mzchat").migrate(writer);
            writer.setAutoCommit(false);
            List<Connection> readers = opened.subList(1, opened.size());
            for (Connection reader : readers) {
                reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                reader.setAutoCommit(false);
            }
            LOG.info("History {} open", absolute);
            return new HistoryDatabase(absolute, writer, new ArrayList<>(readers));
        } catch (SQLException e) {
            closeQuietly(opened);
            OPEN_FILES.remove(absolute);
            throw new HistoryException(openFailure(e), e);
        } catch (SchemaException e) {
            closeQuietly(opened);
            OPEN_FILES.remove(absolute);
            throw new HistoryException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(opened);
            OPEN_FILES.remove(absolute);
            throw e;
        } finally {
            Bytes.wipe(password);
        }
    }

    /**
     * H2 takes {@code "<file password> <user password>"}; the file password is the key in hex. The
     * user password adds nothing once the file is encrypted, so it is empty.
     */
    private static char[] password(byte[] key) {
        char[] password = new char[key.length * 2 + 1];
        for (int i = 0; i < key.length; i++) {
            password[2 * i] = Character.forDigit((key[i] >> 4) & 0xf, 16);
            password[2 * i + 1] = Character.forDigit(key[i] & 0xf, 16);
        }
        password[password.length - 1] = ' ';
        return password;
    }

    private static Connection connect(String url, char[] password) throws SQLException {
        // H2 wipes the array it is given once it has hashed it, so each connection gets its own copy
        char[] copy = password.clone();
        try {
            Properties properties = new Properties();
            properties.setProperty("user", "mzchat");
            properties.put("password", copy);
            return org.h2.Driver.load().connect(url, properties);
        } finally {
            Bytes.wipe(copy);
        }
    }

    private static String openFailure(SQLException e) {
        int code = rootCode(e);
        if (code == WRONG_PASSWORD) {
            return "The history could not be opened with this device's key.";
        }
        if (code == ALREADY_IN_USE) {
            return "The history is in use by another program; close it there and try again.";
        }
        if (code == FILE_CORRUPTED) {
            return "The history file is damaged and could not be opened.";
        }
        return "The history could not be opened: " + e.getMessage();
    }

    private static int rootCode(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    /**
     * Runs {@code work} in one write transaction, committed when it returns, rolled back when it
     * throws. When this returns, the transaction is in the file: H2 would otherwise leave it to a
     * background writer for up to half a second, and a process killed in that time would lose
     * messages the homeserver has already been told it may delete. Writing the store once per
     * transaction costs one append of the pages it changed ({@link H2Files}).
     */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            requireOpen();
            boolean committed = false;
            try {
                T result = work.run(writer);
                writer.commit();
                committed = true;
                H2Files.awaitWritten(writer);
                return result;
            } catch (MVStoreException e) {
                if (!committed) {
                    rollback(writer);
                }
                throw new HistoryException("The history could not be written to its file: " + e.getMessage(), e);
            } catch (SQLException | RuntimeException e) {
                if (!committed) {
                    rollback(writer);
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw failure((SQLException) e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a reader, which sees one snapshot for the whole of it. */
    <T> T read(Work<T> work) {
        Connection reader = null;
        try {
            while (reader == null) {
                requireOpen();
                // a timed wait, so a reader waiting while the history closes notices it
                reader = readers.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("Reading the history was interrupted.", e);
        }
        boolean done = false;
        try {
            requireOpen();
            T result = work.run(reader);
            reader.commit();
            done = true;
            return result;
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            if (!done) {
                // else the next read on this connection would go on seeing this one's snapshot
                rollback(reader);
            }
            readers.add(reader);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rolling back on the history failed: {}", e.getMessage());
        }
    }

    private HistoryException failure(SQLException e) {
        return new HistoryException("The history could not be read or written (error " + e.getErrorCode() + ").", e);
    }

    private void requireOpen() {
        if (closed) {
            throw new HistoryException("The history is closed.");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // readers in use finish their statement first: wait for each to come back
            for (int i = 0; i < READERS; i++) {
                try {
                    readers.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try (Statement statement = writer.createStatement()) {
                // SHUTDOWN writes everything out and releases the file at once
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("The history {} did not shut down cleanly: {}", file, e.getMessage());
            }
            closeQuietly(all);
        } finally {
            OPEN_FILES.remove(file);
            writeLock.unlock();
        }
    }

    private static void closeQuietly(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a history connection: {}", e.getMessage());
            }
        }
    }
}
