package chat.mz.server.account;

import chat.mz.identity.LoginProof;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.account.LoginParams;
import chat.mz.testing.RawWebSocket;
import com.fasterxml.jackson.databind.node.LongNode;
import java.net.URI;
import java.time.Duration;

/**
 * A device on a bare WebSocket, for tests that must see exactly what the server sends it,
 * notifications and the close code included, and that the real client would hide by reconnecting.
 */
final class RawDevice implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final JsonCodec codec = new JsonCodec();
    private final RawWebSocket socket;
    private final ServerHello hello;
    private long nextId;

    private RawDevice(RawWebSocket socket, ServerHello hello) {
        this.socket = socket;
        this.hello = hello;
    }

    static RawDevice connect(URI uri) throws Exception {
        RawWebSocket socket = RawWebSocket.open(uri, PATIENCE);
        JsonCodec codec = new JsonCodec();
        RpcMessage.Notification first = (RpcMessage.Notification) codec.decode(socket.next(PATIENCE));
        return new RawDevice(socket, codec.readValue(first.params(), ServerHello.class));
    }

    ServerHello hello() {
        return hello;
    }

    RawWebSocket socket() {
        return socket;
    }

    /** Logs in as {@code device} of {@code userId}; returns the answer (a response or an error). */
    RpcMessage login(String userId, TestIdentities.Device device) throws Exception {
        byte[] signature = LoginProof.sign(device.keys().privateKey(), hello.serverName(), hello.loginNonce(),
                userId, device.id());
        LoginParams params = new LoginParams(userId, device.id(), device.certificate().encode(), signature);
        socket.send(codec.encode(new RpcMessage.Request(LongNode.valueOf(++nextId), Methods.LOGIN.name(),
                codec.toTree(params))));
        return codec.decode(socket.next(PATIENCE));
    }

    /** The next message from the server, decoded. */
    RpcMessage next() throws Exception {
        return codec.decode(socket.next(PATIENCE));
    }

    JsonCodec codec() {
        return codec;
    }

    @Override
    public void close() {
        socket.close();
    }
}
