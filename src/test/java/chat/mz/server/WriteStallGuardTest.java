package chat.mz.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.testing.RawWebSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Puts a connection in the state the WebSocket library's lost wake-up leaves it in (a frame queued,
 * no write interest) and checks that the guard gets the frame out. Without the guard the frame
 * usually stays queued until the connection's next write; not always, since the library's selector
 * sometimes passes over a stale ready key and writes it, which is why that is not asserted here.
 */
@Timeout(30)
class WriteStallGuardTest {
    private static final Duration SOON = Duration.ofSeconds(2);

    private Server server;
    private RawWebSocket client;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        server.start();
        server.started.get(10, TimeUnit.SECONDS);
        client = RawWebSocket.open(URI.create("ws://127.0.0.1:" + server.getPort()), SOON);
        server.opened.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop(1000);
    }

    @Test
    void theGuardSendsAStalledFrame() throws Exception {
        WriteStallGuard guard = new WriteStallGuard(server, Duration.ofMillis(10));
        try {
            stall("freed");
            assertEquals("freed", client.next(SOON));
        } finally {
            guard.close();
        }
    }

    /** Queues a text frame the way the library does, minus the write interest it can lose. */
    private void stall(String text) throws Exception {
        WebSocketImpl conn = (WebSocketImpl) server.opened.get();
        conn.getSelectionKey().interestOps(SelectionKey.OP_READ);
        for (Framedata frame : conn.getDraft().createFrames(text, false)) {
            ByteBuffer bytes = conn.getDraft().createBinaryFrame(frame);
            conn.outQueue.put(bytes);
        }
    }

    private static final class Server extends WebSocketServer {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setDaemon(true);
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            opened.complete(conn);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            started.completeExceptionally(ex);
        }

        @Override
        public void onStart() {
            started.complete(null);
        }
    }
}
