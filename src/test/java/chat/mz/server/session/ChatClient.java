package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.identity.LoginProof;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMethod;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.testing.LiveConnections;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One real client connection to the homeserver, usually logged in as one device. */
public final class ChatClient implements AutoCloseable {
    private final HomeserverConnection connection;
    private final ServerHelloTracker hellos;

    private ChatClient(HomeserverConnection connection, ServerHelloTracker hellos) {
        this.connection = connection;
        this.hellos = hellos;
    }

    /** Connects (not logged in) and waits until the connection is up. */
    public static ChatClient connect(URI uri) throws InterruptedException {
        return LiveConnections.open(uri, connection -> new ChatClient(connection, new ServerHelloTracker(connection)));
    }

    /** Logs this connection in as {@code device} of {@code user}. */
    public ChatClient login(ChatUser user, ChatUser.Device device) throws InterruptedException {
        ServerHello hello = LiveConnections.await(hellos.current()).hello();
        call(Methods.LOGIN, new LoginParams(user.userId(), device.id(), device.certificate().encode(),
                LoginProof.sign(device.keys().privateKey(), hello.serverName(), hello.loginNonce(), user.userId(),
                        device.id())));
        return this;
    }

    public HomeserverConnection connection() {
        return connection;
    }

    /** Calls and waits for the answer; an error answer is thrown as the {@link RpcException} it is. */
    public <P, R> R call(RpcMethod<P, R> method, P params) throws InterruptedException {
        return LiveConnections.await(connection.call(method, params));
    }

    public <P, R> CompletableFuture<R> callAsync(RpcMethod<P, R> method, P params) {
        return connection.call(method, params);
    }

    /** The error the call is answered with; fails the test if it is another one or a success. */
    public <P> RpcException refused(RpcMethod<P, ?> method, P params, ErrorCode expected) throws InterruptedException {
        CompletableFuture<?> call = connection.call(method, params);
        RpcException e = assertInstanceOf(RpcException.class, LiveConnections.failure(call, LiveConnections.PATIENCE));
        assertEquals(expected.code(), e.error().code(), e.getMessage());
        return e;
    }

    /** A fetch that does not wait, acknowledging {@code ack}. */
    public List<QueuedEvent> fetch(List<Long> ack) throws InterruptedException {
        return call(Methods.FETCH_EVENTS, new FetchEventsParams(ack, 0, 0)).events();
    }

    /** A waiting fetch, answered when something is queued or after {@code waitSeconds}. */
    public CompletableFuture<FetchEventsResult> fetchWaiting(List<Long> ack, int waitSeconds) {
        return connection.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack, 0, waitSeconds));
    }

    /** Reads and acknowledges everything queued now. */
    public List<QueuedEvent> drain() throws InterruptedException {
        List<QueuedEvent> events = fetch(List.of());
        if (!events.isEmpty()) {
            fetch(events.stream().map(QueuedEvent::queueId).toList());
        }
        return events;
    }

    /** Returns once every frame sent before has been taken in by the server. */
    public void barrier() throws InterruptedException {
        LiveConnections.barrier(connection);
    }

    @Override
    public void close() {
        hellos.close();
        connection.close();
    }

    /** How long tests wait at most for anything. */
    public static Duration patience() {
        return LiveConnections.PATIENCE;
    }
}
