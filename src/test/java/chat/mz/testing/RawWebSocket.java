package chat.mz.testing;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket client for tests that must send what a real client never would: any text,
 * binary frames, oversized frames. Every text message received is queued; the close is a future.
 */
public final class RawWebSocket extends WebSocketClient {

    /** How the connection ended, as the client saw it. */
    public record Close(int code, String reason, boolean remote) {
    }

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();

    private RawWebSocket(URI uri) {
        super(uri);
        setTcpNoDelay(true);
    }

    /** Opens a connection and waits for the handshake; fails the test if it does not complete. */
    public static RawWebSocket open(URI uri, Duration timeout) throws InterruptedException {
        RawWebSocket socket = new RawWebSocket(uri);
        if (!socket.connectBlocking(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("could not connect to " + uri);
        }
        return socket;
    }

    /** The next text message, or an AssertionError after {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout.toMillis() + " ms");
        }
        return message;
    }

    /** Messages received and not yet taken. */
    public int queued() {
        return received.size();
    }

    public CompletableFuture<Close> closed() {
        return closed;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        received.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.complete(new Close(code, reason, remote));
    }

    @Override
    public void onError(Exception ex) {
        // the close that follows is what tests look at
    }
}
