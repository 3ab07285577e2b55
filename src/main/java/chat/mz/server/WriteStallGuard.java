package chat.mz.server;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a lost wake-up in Java-WebSocket 1.6.0's server: its selector thread drops the write
 * interest ({@code interestOps(OP_READ)}) after it finds a connection's queue empty, and a frame
 * queued by another thread in between keeps waiting for the connection's next write, up to the
 * mailbox wait or the 30 s ping. A waiting SyncMailbox call answered by a post is exactly that case.
 * Every few milliseconds this guard looks for connections with queued frames and no write interest
 * and asks the selector to write them, which bounds such a stall to one period.
 */
final class WriteStallGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteStallGuard.class);

    private final WebSocketServer server;
    private final ScheduledThreadPoolExecutor executor;
    private long repaired;

    WriteStallGuard(WebSocketServer server, Duration period) {
        this.server = server;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "mzchat-server-write-guard");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            for (WebSocket socket : server.getConnections()) {
                if (socket instanceof WebSocketImpl conn && stalled(conn)) {
                    repaired++;
                    LOG.debug("Flushing a stalled answer ({} so far)", repaired);
                    server.onWriteDemand(conn);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The write guard failed: {}", e.toString());
        }
    }

    private static boolean stalled(WebSocketImpl conn) {
        SelectionKey key = conn.getSelectionKey();
        try {
            return key != null && key.isValid() && !conn.outQueue.isEmpty()
                    && (key.interestOps() & SelectionKey.OP_WRITE) == 0;
        } catch (CancelledKeyException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
