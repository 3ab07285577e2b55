package chat.mz.client.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A man in the middle between clients and a homeserver on loopback: it forwards every frame, keeps
 * a copy of every frame and of every SyncMailbox payload that crosses, and can rewrite the payloads
 * clients post. It sees exactly what the homeserver sees.
 */
final class MailboxRelay implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final Server server;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<byte[]> payloads = new CopyOnWriteArrayList<>();
    private final List<String> requestPaths = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<byte[]> rewrite = UnaryOperator.identity();

    MailboxRelay(URI upstream) {
        this.upstream = upstream;
        this.server = new Server();
        server.start();
        server.started.orTimeout(10, TimeUnit.SECONDS).join();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getPort());
    }

    /** Every text frame, both ways. */
    List<String> frames() {
        return new ArrayList<>(frames);
    }

    /** Every mailbox payload posted by a client or delivered to one, as the homeserver saw it. */
    List<byte[]> payloads() {
        return new ArrayList<>(payloads);
    }

    /** The request path of every WebSocket handshake. */
    List<String> requestPaths() {
        return new ArrayList<>(requestPaths);
    }

    /** Replaces each payload a client posts with what {@code change} returns (before it is recorded). */
    void rewritePosts(UnaryOperator<byte[]> change) {
        this.rewrite = change;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(1000);
    }

    private String toServer(String frame) {
        try {
            JsonNode root = JSON.readTree(frame);
            JsonNode params = root.path("params");
            if ("SyncMailbox".equals(root.path("method").asText()) && params.path("payload").isTextual()) {
                byte[] changed = rewrite.apply(Base64.getDecoder().decode(params.get("payload").asText()));
                ((ObjectNode) params).put("payload", Base64.getEncoder().encodeToString(changed));
                payloads.add(changed);
                frame = JSON.writeValueAsString(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        frames.add(frame);
        return frame;
    }

    private String toClient(String frame) {
        frames.add(frame);
        try {
            JsonNode payload = JSON.readTree(frame).path("result").path("payload");
            if (payload.isTextual()) {
                payloads.add(Base64.getDecoder().decode(payload.asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frame;
    }

    private final class Server extends WebSocketServer {
        final CompletableFuture<Void> started = new CompletableFuture<>();

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setDaemon(true);
        }

        @Override
        public void onStart() {
            started.complete(null);
        }

        @Override
        public void onOpen(WebSocket client, ClientHandshake handshake) {
            requestPaths.add(handshake.getResourceDescriptor());
            WebSocketClient toHomeserver = new WebSocketClient(upstream) {
                @Override
                public void onOpen(ServerHandshake handshakeData) {
                }

                @Override
                public void onMessage(String message) {
                    if (client.isOpen()) {
                        client.send(toClient(message));
                    }
                }

                @Override
                public void onClose(int code, String reason, boolean remote) {
                    client.close();
                }

                @Override
                public void onError(Exception ex) {
                }
            };
            toHomeserver.setDaemon(true);
            try {
                // frames from this client are read only after onOpen returns, so none is lost
                if (!toHomeserver.connectBlocking(5, TimeUnit.SECONDS)) {
                    client.close();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.close();
                return;
            }
            client.setAttachment(toHomeserver);
        }

        @Override
        public void onMessage(WebSocket client, String message) {
            WebSocketClient toHomeserver = client.getAttachment();
            if (toHomeserver != null && toHomeserver.isOpen()) {
                toHomeserver.send(toServer(message));
            }
        }

        @Override
        public void onClose(WebSocket client, int code, String reason, boolean remote) {
            WebSocketClient toHomeserver = client.getAttachment();
            if (toHomeserver != null) {
                toHomeserver.close();
            }
        }

        @Override
        public void onError(WebSocket client, Exception ex) {
            if (client == null) {
                started.completeExceptionally(ex);
            }
        }
    }
}
