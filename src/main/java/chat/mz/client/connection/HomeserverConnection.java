package chat.mz.client.connection;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.protocol.CloseCodes;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.MalformedMessageException;
import chat.mz.protocol.NotificationType;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.RpcMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one connection to its homeserver. Calls return futures matched to answers by id;
 * server notifications arrive on a stream; a lost connection fails every pending call at once and is
 * re-established with jittered exponential backoff until {@link #close()}.
 */
public final class HomeserverConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverConnection.class);

    private final URI uri;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration callTimeout;
    private final JsonCodec codec = new JsonCodec();
    private final ScheduledExecutorService timers;
    private final EventStream<ConnectionState> states = new EventStream<>();
    private final EventStream<RpcMessage.Notification> notifications = new EventStream<>();
    private final Map<Long, PendingCall<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();

    private Socket socket;
    private int failures;
    private boolean closed;
    private volatile ConnectionState state = new ConnectionState.Disconnected("Not started", null);

    /**
     * @param callTimeout how long a call may go unanswered; longer than the server's mailbox wait
     */
    public HomeserverConnection(URI uri, Clock clock, Backoff backoff, Duration callTimeout) {
        this.uri = uri;
        this.clock = clock;
        this.backoff = backoff;
        this.callTimeout = callTimeout;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "mzchat-connection");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
    }

    public URI uri() {
        return uri;
    }

    /** Starts connecting; progress shows on {@link #states()}. */
    public synchronized void start() {
        if (socket == null && !closed) {
            connect();
        }
    }

    public ConnectionState state() {
        return state;
    }

    /** Every change of {@link #state()}, on the connection's own threads. */
    public EventStream<ConnectionState> states() {
        return states;
    }

    /** Every notification the server pushes, as it arrives. */
    public EventStream<RpcMessage.Notification> notifications() {
        return notifications;
    }

    /** The pushes of one notification type, already read into their record. */
    public <P> Subscription on(NotificationType<P> type, Consumer<? super P> handler) {
        return notifications.subscribe(notification -> {
            if (notification.method().equals(type.name())) {
                handler.accept(codec.readValue(notification.params(), type.paramsType()));
            }
        });
    }

    /**
     * Calls a method. The future fails with {@link RpcException} when the server answers with an
     * error and with {@link ConnectionException} when the connection is not up, drops, or the answer
     * takes longer than the call timeout.
     */
    public <P, R> CompletableFuture<R> call(RpcMethod<P, R> method, P params) {
        Socket current;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new ConnectionException(ConnectionException.Reason.CLOSED));
            }
            current = socket;
        }
        if (current == null || !current.isOpen()) {
            return CompletableFuture.failedFuture(new ConnectionException(ConnectionException.Reason.NOT_CONNECTED));
        }
        long id = nextId.incrementAndGet();
        PendingCall<R> call = new PendingCall<>(method.resultType());
        pending.put(id, call);
        try {
            call.timeout = timers.schedule(() -> fail(id, ConnectionException.Reason.TIMED_OUT),
                    callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() ran since the check above
            pending.remove(id);
            return CompletableFuture.failedFuture(new ConnectionException(ConnectionException.Reason.CLOSED));
        }
        String frame = codec.encode(new RpcMessage.Request(LongNode.valueOf(id), method.name(), codec.toTree(params)));
        try {
            current.send(frame);
        } catch (WebsocketNotConnectedException e) {
            fail(id, ConnectionException.Reason.LOST);
        }
        return call.future;
    }

    /** Calls still waiting for their answer. */
    public int pendingCalls() {
        return pending.size();
    }

    @Override
    public void close() {
        Socket current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = socket;
        }
        if (current != null) {
            current.close();
        }
        failAll(ConnectionException.Reason.CLOSED);
        setState(new ConnectionState.Closed());
        timers.shutdownNow();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        setState(new ConnectionState.Connecting(failures + 1));
        socket = new Socket(uri);
        socket.connect();
    }

    private void opened(Socket source) {
        synchronized (this) {
            if (source != socket || closed) {
                return;
            }
            failures = 0;
        }
        LOG.info("Connected to {}", uri);
        setState(new ConnectionState.Connected());
    }

    private void closed(Socket source, int code, String reason) {
        if (CloseCodes.isFinal(code)) {
            synchronized (this) {
                if (source != socket || closed) {
                    return;
                }
                closed = true;
            }
            failAll(ConnectionException.Reason.LOST);
            LOG.info("The homeserver closed the connection for good: {}", reason);
            setState(new ConnectionState.Disconnected(reason, null));
            timers.shutdownNow();
            return;
        }
        Duration delay;
        synchronized (this) {
            if (source != socket || closed) {
                return;
            }
            failures++;
            delay = backoff.delay(failures);
            timers.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        failAll(ConnectionException.Reason.LOST);
        LOG.info("Disconnected from {} ({}); retrying in {} ms", uri, reason, delay.toMillis());
        setState(new ConnectionState.Disconnected(reason, clock.instant().plus(delay)));
    }

    private void received(String text) {
        RpcMessage message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            LOG.warn("The homeserver sent a malformed message: {}", e.getMessage());
            return;
        }
        if (message instanceof RpcMessage.Response response) {
            complete(response.id(), call -> call.succeed(codec, response.result()));
        } else if (message instanceof RpcMessage.ErrorResponse error) {
            complete(error.id(), call -> call.future.completeExceptionally(new RpcException(error.error())));
        } else if (message instanceof RpcMessage.Notification notification) {
            notifications.publish(notification);
        } else {
            LOG.warn("The homeserver sent a request, which clients do not serve");
        }
    }

    private void complete(JsonNode id, Consumer<PendingCall<?>> action) {
        if (id == null || !id.canConvertToLong()) {
            LOG.warn("The homeserver answered a request it could not read: {}", id);
            return;
        }
        PendingCall<?> call = pending.remove(id.asLong());
        if (call != null && call.timeout != null) {
            call.timeout.cancel(false);
            action.accept(call);
        }
    }

    private void fail(long id, ConnectionException.Reason reason) {
        PendingCall<?> call = pending.remove(id);
        if (call != null && call.timeout != null) {
            call.timeout.cancel(false);
            call.future.completeExceptionally(new ConnectionException(reason));
        }
    }

    private void failAll(ConnectionException.Reason reason) {
        List<Long> ids = new ArrayList<>(pending.keySet());
        ids.forEach(id -> fail(id, reason));
    }

    private void setState(ConnectionState next) {
        state = next;
        states.publish(next);
    }

    private static final class PendingCall<R> {
        final CompletableFuture<R> future = new CompletableFuture<>();
        final Class<R> resultType;
        volatile java.util.concurrent.ScheduledFuture<?> timeout;

        PendingCall(Class<R> resultType) {
            this.resultType = resultType;
        }

        void succeed(JsonCodec codec, JsonNode result) {
            try {
                future.complete(codec.readValue(result, resultType));
            } catch (IllegalArgumentException e) {
                future.completeExceptionally(e);
            }
        }
    }

    private final class Socket extends WebSocketClient {
        Socket(URI uri) {
            super(uri);
            setDaemon(true);
            setTcpNoDelay(true);
            setConnectionLostTimeout(30);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            opened(this);
        }

        @Override
        public void onMessage(String message) {
            received(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed(this, code, reason == null || reason.isBlank() ? "connection closed (" + code + ")" : reason);
        }

        @Override
        public void onError(Exception ex) {
            LOG.debug("Connection to {} failed: {}", uri, ex.toString());
        }
    }
}
