package chat.mz.app;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the desktop app to one running copy per data folder. The first copy binds a local socket
 * ({@value #SOCKET_NAME}) in the data folder and listens on it; a later copy finds it there, asks it
 * to bring its window forward, and steps aside. See docs/decisions/0015-single-instance.md.
 *
 * <p>Finding out who owns the socket and binding it happen while holding an OS file lock on
 * {@value #LOCK_NAME}, so that two copies started at the same moment cannot both decide the socket
 * file is stale and both bind it. The OS drops that lock when a process dies; a socket file left by a
 * crash is recognised because nobody answers on it, and replaced.
 *
 * <p>Only one fixed request is understood ({@link #REQUEST}); anything else is closed unanswered.
 * Reads are bounded in size and time, so a stray local client cannot hold the listener up.
 */
public final class SingleInstance {
    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);
    static final String SOCKET_NAME = "instance.sock";
    static final String LOCK_NAME = "instance.lock";
    /** The whole request: a protocol word, a version, one verb. Nothing secret travels. */
    static final byte[] REQUEST = "mzchat/1 activate\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ACK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    /** How long the listener waits for a client to send its request. */
    private static final Duration READ_LIMIT = Duration.ofSeconds(2);
    /** How long a new copy tries to reach the running one (it may be starting or closing). */
    private static final Duration HAND_OVER_LIMIT = Duration.ofSeconds(5);
    /** Serialises claims and releases within this JVM: one channel at a time on the lock file. */
    private static final Object IN_PROCESS = new Object();

    private SingleInstance() {
    }

    /** What {@link #claim} found. */
    public sealed interface Claim {
    }

    /** Another copy was running and was asked to come forward; it acknowledged. */
    public record HandedOver() implements Claim {
    }

    /**
     * This copy is the one: it listens for later copies until {@link #close()}, which removes the
     * socket file.
     */
    public static final class Held implements Claim, AutoCloseable {
        private final Path dataDir;
        private final ServerSocketChannel server;
        private final Thread listener;

        private Held(Path dataDir, ServerSocketChannel server, Runnable onActivate) {
            this.dataDir = dataDir;
            this.server = server;
            this.listener = new Thread(() -> listen(server, onActivate), "mzchat-instance");
            // never the reason the process stays up
            listener.setDaemon(true);
            listener.start();
        }

        /** Stops listening and removes the socket file; safe to call twice. */
        @Override
        public void close() {
            // under the lock, so that a copy starting now never binds a file that is then deleted under it
            try {
                underLock(dataDir, () -> {
                    closeAndRemove();
                    return null;
                });
            } catch (IOException e) {
                closeAndRemove();
            }
        }

        private void closeAndRemove() {
            if (!server.isOpen()) {
                return;
            }
            try {
                server.close();
                Files.deleteIfExists(dataDir.resolve(SOCKET_NAME));
            } catch (IOException e) {
                LOG.warn("Could not remove the instance socket: {}", e.toString());
            }
        }
    }

    /** Thrown when another copy holds the socket but did not answer in time. */
    public static final class NotAnswering extends IOException {
        NotAnswering(String message) {
            super(message);
        }
    }

    /**
     * Claims the data folder for this process, or hands over to the copy that has it.
     *
     * @param dataDir    the app's data folder (created if missing)
     * @param onActivate what to run, on the listener thread, when a later copy asks to come forward
     * @return {@link Held} (close it at exit) or {@link HandedOver}
     * @throws NotAnswering when another copy holds the folder but does not answer
     * @throws IOException  when the socket cannot be made at all (the caller may run unguarded)
     */
    public static Claim claim(Path dataDir, Runnable onActivate) throws IOException {
        Objects.requireNonNull(onActivate, "onActivate");
        Files.createDirectories(dataDir);
        long deadline = System.nanoTime() + HAND_OVER_LIMIT.toNanos();
        while (true) {
            Object found = underLock(dataDir, () -> {
                SocketChannel live = connect(dataDir.resolve(SOCKET_NAME));
                return live != null ? live : new Held(dataDir, bind(dataDir.resolve(SOCKET_NAME)), onActivate);
            });
            if (found instanceof Held mine) {
                return mine;
            }
            SocketChannel running = (SocketChannel) found;
            // the copy that answered is alive: ask it outside the lock, which it needs to close
            try (SocketChannel channel = running) {
                if (askToActivate(channel, remaining(deadline))) {
                    return new HandedOver();
                }
            } catch (IOException e) {
                LOG.debug("The running copy hung up: {}", e.toString());
            }
            if (System.nanoTime() > deadline) {
                throw new NotAnswering("Another copy of mzchat is running but does not answer. "
                        + "Close it (or end it in your task manager) and start mzchat again.");
            }
            sleep(100);
        }
    }

    /** Something done while holding the lock file's lock. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding the OS lock on the lock file (and, within this JVM, {@link #IN_PROCESS}). */
    private static <T> T underLock(Path dataDir, Locked<T> work) throws IOException {
        synchronized (IN_PROCESS) {
            // the lock file stays after exit: deleting it would let two copies lock two different files
            try (FileChannel lockFile = FileChannel.open(dataDir.resolve(LOCK_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = lock(lockFile);
                try {
                    return work.run();
                } finally {
                    lock.release();
                }
            }
        }
    }

    /** Waits (briefly; the lock is held only for a connect or a bind) for the lock file's lock. */
    private static FileLock lock(FileChannel lockFile) throws IOException {
        long deadline = System.nanoTime() + HAND_OVER_LIMIT.toNanos();
        while (true) {
            try {
                FileLock lock = lockFile.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // held elsewhere in this JVM; cannot happen while IN_PROCESS is held, but wait like for another process
            }
            if (System.nanoTime() > deadline) {
                throw new NotAnswering("Another copy of mzchat is starting or closing and did not finish in time. "
                        + "Try again in a moment.");
            }
            sleep(50);
        }
    }

    /** A connection to a live copy, or null when nobody listens (no file, or one left by a crash). */
    private static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            LOG.info("Removing an instance socket nobody listens on (left by a copy that ended abruptly)");
            return null;
        }
    }

    private static ServerSocketChannel bind(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            return server;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw e;
        }
    }

    /** Sends the request and waits for the acknowledgement. */
    private static boolean askToActivate(SocketChannel channel, Duration limit) throws IOException {
        channel.write(ByteBuffer.wrap(REQUEST));
        channel.shutdownOutput();
        byte[] answer = readBounded(channel, ACK.length, limit);
        return Arrays.equals(ACK, answer);
    }

    /** The listener's loop: one connection at a time, each bounded in time and size. */
    private static void listen(ServerSocketChannel server, Runnable onActivate) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                byte[] request = readBounded(client, REQUEST.length, READ_LIMIT);
                if (!Arrays.equals(REQUEST, request)) {
                    LOG.debug("Ignored a connection on the instance socket that was not a known request");
                    continue;
                }
                LOG.info("Another start of mzchat asked this window to come forward");
                try {
                    onActivate.run();
                } catch (RuntimeException e) {
                    LOG.warn("Could not bring the window forward: {}", e.toString());
                }
                client.configureBlocking(true);
                client.write(ByteBuffer.wrap(ACK));
            } catch (ClosedChannelException e) {
                // the server was closed (at exit), or the client went away: the loop's test tells which
                LOG.debug("Instance socket closed: {}", e.toString());
            } catch (IOException e) {
                LOG.debug("A connection on the instance socket failed: {}", e.toString());
            }
        }
    }

    /**
     * Reads what the other side sends until it closes its end, at most {@code expected} + 1 bytes and
     * for at most {@code limit}; more than expected, or no end in time, returns what was read so far
     * (which then matches nothing).
     */
    static byte[] readBounded(SocketChannel channel, int expected, Duration limit) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(expected + 1);
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + limit.toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (buffer.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(500).toNanos()));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the running copy of mzchat", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing failed: {}", e.toString());
        }
    }
}
