package chat.mz.server.account;

import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.NotificationType;
import chat.mz.protocol.RpcMessage;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

/** A {@link DeviceChannel} on one of the homeserver's WebSocket connections. */
public final class WebSocketDeviceChannel implements DeviceChannel {
    private final WebSocket socket;
    private final JsonCodec codec;

    public WebSocketDeviceChannel(WebSocket socket, JsonCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    @Override
    public <P> void notify(NotificationType<P> type, P params) {
        try {
            socket.send(codec.encode(new RpcMessage.Notification(type.name(), codec.toTree(params))));
        } catch (WebsocketNotConnectedException e) {
            // gone already: there is no one left to tell
        }
    }

    @Override
    public void close(int code, String reason) {
        socket.close(code, reason);
    }
}
