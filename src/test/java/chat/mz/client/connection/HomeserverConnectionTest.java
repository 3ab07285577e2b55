package chat.mz.client.connection;

import static chat.mz.testing.LiveConnections.await;
import static chat.mz.testing.LiveConnections.barrier;
import static chat.mz.testing.LiveConnections.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.FakeTime;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's connection against a real homeserver on loopback: states, typed calls, errors,
 * notifications, a lost connection failing pending calls at once, reconnecting with backoff, close.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HomeserverConnectionTest {
    private static final Duration SERVER_WAIT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final long SEED = 4242;

    private final FakeTime clock = new FakeTime();
    private final SecureRandom secure = new SecureRandom();
    private final List<HomeserverConnection> connections = new ArrayList<>();
    private ServerConfig config;
    private Homeserver server;

    @BeforeEach
    void startServer() {
        config = ServerConfig.defaults().withAddress("127.0.0.1", 0).withMailboxWait(SERVER_WAIT);
        server = Homeserver.start(config, "test");
    }

    @AfterEach
    void stopServer() {
        connections.forEach(HomeserverConnection::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectsCallsAndHearsTheServerHello() throws Exception {
        HomeserverConnection connection = create(server.uri(), CALL_TIMEOUT);
        StateLog states = new StateLog(connection);
        CompletableFuture<ServerHello> hello = new CompletableFuture<>();
        connection.on(Methods.SERVER_HELLO, hello::complete);
        assertInstanceOf(ConnectionState.Disconnected.class, connection.state(), "not started yet");

        connection.start();
        states.next(ConnectionState.Connected.class);
        assertEquals(List.of(new ConnectionState.Connecting(1), new ConnectionState.Connected()), states.all());
        assertEquals(new ConnectionState.Connected(), connection.state());

        ServerHello greeting = hello.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("mzchat-homeserver", greeting.server());
        assertEquals("test", greeting.version());
        assertEquals(ServerConfig.DEFAULT_MAX_FRAME_BYTES, greeting.maxFrameBytes());
        assertEquals(SERVER_WAIT.toMillis(), greeting.mailboxWaitMillis());

        long before = System.currentTimeMillis();
        SyncMailboxResult result = await(connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, false)));
        long after = System.currentTimeMillis();
        assertNull(result.payload());
        long ttl = Duration.ofMinutes(5).toMillis();
        assertTrue(result.expiresAt() >= before + ttl - 1_000 && result.expiresAt() <= after + ttl + 1_000,
                "a new session expires five minutes from now: " + result.expiresAt());
        assertEquals(0, connection.pendingCalls());
    }

    @Test
    void anErrorAnswerFailsTheCallWithItsCode() throws Exception {
        HomeserverConnection connection = connect();

        RpcException notFound = assertThrows(RpcException.class, () -> await(connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.RESPONDER, false))));
        assertEquals(1102, notFound.error().code());
        assertTrue(notFound.is(ErrorCode.MAILBOX_SESSION_NOT_FOUND));
        assertEquals(ErrorCode.MAILBOX_SESSION_NOT_FOUND, notFound.code().orElseThrow());
        assertEquals(ErrorCode.MAILBOX_SESSION_NOT_FOUND.message(), notFound.getMessage());

        RpcException badId = assertThrows(RpcException.class, () -> await(connection.call(Methods.SYNC_MAILBOX,
                new SyncMailboxParams("too-short", MailboxSide.INITIATOR, null, false))));
        assertEquals(ErrorCode.MAILBOX_SESSION_ID_INVALID.code(), badId.error().code());
        assertEquals(0, connection.pendingCalls());
        assertEquals(new ConnectionState.Connected(), connection.state(), "an error answer leaves the connection up");
    }

    @Test
    void callingWhileNotConnectedFailsAtOnce() {
        HomeserverConnection connection = create(server.uri(), CALL_TIMEOUT);

        CompletableFuture<SyncMailboxResult> call = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, false));

        assertTrue(call.isCompletedExceptionally(), "fails at once, without waiting for a timeout");
        ConnectionException e = assertInstanceOf(ConnectionException.class, call.handle((r, t) -> t).join());
        assertEquals(ConnectionException.Reason.NOT_CONNECTED, e.reason());
        assertEquals(0, connection.pendingCalls());
    }

    @Test
    void aCallWithoutAnswerTimesOut() throws Exception {
        HomeserverConnection connection = connect(Duration.ofMillis(300));

        CompletableFuture<SyncMailboxResult> waiting = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, true));

        ConnectionException e = assertInstanceOf(ConnectionException.class, failure(waiting, PATIENCE));
        assertEquals(ConnectionException.Reason.TIMED_OUT, e.reason());
        assertEquals(0, connection.pendingCalls());
        assertEquals(new ConnectionState.Connected(), connection.state(), "a slow answer is not a lost connection");
    }

    @Test
    void aLostConnectionFailsPendingCallsAtOnceAndReconnectsWhenTheServerReturns() throws Exception {
        HomeserverConnection connection = create(server.uri(), CALL_TIMEOUT);
        StateLog states = new StateLog(connection);
        BlockingQueue<ServerHello> hellos = new LinkedBlockingQueue<>();
        connection.on(Methods.SERVER_HELLO, hellos::add);
        connection.start();
        states.next(ConnectionState.Connected.class);
        assertNotNull(hellos.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        int port = server.port();

        MailboxSessionId session = MailboxSessionId.random(secure);
        CompletableFuture<SyncMailboxResult> waiting = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true));
        barrier(connection);
        assertFalse(waiting.isDone());
        assertEquals(1, connection.pendingCalls());

        long stopped = System.nanoTime();
        server.close();
        server = null;
        ConnectionException lost = assertInstanceOf(ConnectionException.class, failure(waiting, PATIENCE));
        long failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        assertEquals(ConnectionException.Reason.LOST, lost.reason());
        assertTrue(failedAfterMillis < SERVER_WAIT.toMillis() / 4,
                "the pending call fails when the connection drops, not at the end of its wait: " + failedAfterMillis);
        assertEquals(0, connection.pendingCalls());

        ConnectionState.Disconnected disconnected = states.next(ConnectionState.Disconnected.class);
        Backoff twin = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new Random(SEED));
        Instant now = clock.instant();
        assertEquals(now.plus(twin.delay(1)), disconnected.retryAt(), "retry after the first backoff delay");
        assertTrue(disconnected.retryAt().isAfter(now), "retryAt lies in the future");
        assertNotNull(disconnected.reason());

        CompletableFuture<SyncMailboxResult> whileDown = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(session, MailboxSide.INITIATOR, false));
        assertTrue(whileDown.isCompletedExceptionally());
        assertEquals(ConnectionException.Reason.NOT_CONNECTED,
                assertInstanceOf(ConnectionException.class, whileDown.handle((r, t) -> t).join()).reason());

        // It keeps trying; a server back on the same port is found without anyone asking.
        ConnectionState.Connecting retry = states.next(ConnectionState.Connecting.class);
        assertTrue(retry.attempt() >= 2, "attempts count on from the lost connection: " + retry);
        server = Homeserver.start(config.withAddress("127.0.0.1", port), "test");
        states.next(ConnectionState.Connected.class);
        assertEquals(new ConnectionState.Connected(), connection.state());
        assertNotNull(hellos.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "a new hello on the new connection");

        SyncMailboxResult afterReconnect = await(connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, false)));
        assertNull(afterReconnect.payload());
    }

    @Test
    void closeFailsPendingCallsAndEndsTheConnectionForGood() throws Exception {
        HomeserverConnection connection = create(server.uri(), CALL_TIMEOUT);
        StateLog states = new StateLog(connection);
        connection.start();
        states.next(ConnectionState.Connected.class);
        CompletableFuture<SyncMailboxResult> waiting = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, true));
        barrier(connection);

        connection.close();

        assertEquals(new ConnectionState.Closed(), connection.state());
        states.next(ConnectionState.Closed.class);
        ConnectionException closed = assertInstanceOf(ConnectionException.class, failure(waiting, PATIENCE));
        assertEquals(ConnectionException.Reason.CLOSED, closed.reason());
        CompletableFuture<SyncMailboxResult> later = connection.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(MailboxSessionId.random(secure), MailboxSide.INITIATOR, false));
        assertTrue(later.isCompletedExceptionally());
        assertEquals(ConnectionException.Reason.CLOSED,
                assertInstanceOf(ConnectionException.class, later.handle((r, t) -> t).join()).reason());

        connection.close();
        connection.start();
        assertEquals(new ConnectionState.Closed(), connection.state(), "closing twice, or starting again, is harmless");
        assertEquals(List.of(new ConnectionState.Connecting(1), new ConnectionState.Connected(),
                new ConnectionState.Closed()), states.all(), "no reconnect attempt after close");
    }

    private HomeserverConnection create(URI uri, Duration callTimeout) {
        HomeserverConnection connection = new HomeserverConnection(uri, clock,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new Random(SEED)), callTimeout);
        connections.add(connection);
        return connection;
    }

    private HomeserverConnection connect() throws InterruptedException {
        return connect(CALL_TIMEOUT);
    }

    private HomeserverConnection connect(Duration callTimeout) throws InterruptedException {
        HomeserverConnection connection = create(server.uri(), callTimeout);
        StateLog states = new StateLog(connection);
        connection.start();
        states.next(ConnectionState.Connected.class);
        return connection;
    }

    /** Every state a connection publishes, in order, and a way to wait for the next of a kind. */
    private static final class StateLog {
        private final List<ConnectionState> all = new ArrayList<>();
        private final BlockingQueue<ConnectionState> unread = new LinkedBlockingQueue<>();

        StateLog(HomeserverConnection connection) {
            connection.states().subscribe(state -> {
                synchronized (all) {
                    all.add(state);
                }
                unread.add(state);
            });
        }

        /** Skips states until one of the given kind; fails the test if none comes in time. */
        <S extends ConnectionState> S next(Class<S> kind) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                ConnectionState state = unread.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (state == null) {
                    throw new AssertionError("no " + kind.getSimpleName() + " state within " + PATIENCE
                            + "; states so far: " + all());
                }
                if (kind.isInstance(state)) {
                    return kind.cast(state);
                }
            }
        }

        List<ConnectionState> all() {
            synchronized (all) {
                return List.copyOf(all);
            }
        }
    }
}
