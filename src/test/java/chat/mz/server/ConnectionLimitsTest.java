package chat.mz.server;

import static chat.mz.testing.LiveConnections.await;
import static chat.mz.testing.LiveConnections.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.ConnectionException;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.testing.LiveConnections;
import chat.mz.testing.WatchedScheduler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-connection limits of the mailbox over a real homeserver: excess sessions and waits get
 * their own errors with a readable sentence, only on the connection that exceeds them, and a
 * closed connection's waits are released. Also the 64 KiB payload bound, byte-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {
    private static final int SESSIONS = 3;
    private static final int WAITS = 2;
    /** Long enough that no wait ends by itself during a test; unlike the 10 s sweep interval. */
    private static final Duration WAIT = Duration.ofSeconds(8);
    private static final Duration PATIENCE = LiveConnections.PATIENCE;

    private final SecureRandom secure = new SecureRandom();
    private final List<HomeserverConnection> connections = new ArrayList<>();
    private WatchedScheduler timers;
    private Homeserver server;

    @BeforeEach
    void startServer() {
        timers = new WatchedScheduler();
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withMailboxWait(WAIT)
                .withConnectionLimits(SESSIONS, WAITS), Clock.systemUTC(), timers, timers::close, "test");
    }

    @AfterEach
    void stopServer() {
        connections.forEach(HomeserverConnection::close);
        server.close();
    }

    @Test
    void sessionsBeyondTheLimitAreRefusedOnlyOnThatConnection() throws Exception {
        HomeserverConnection greedy = connect();
        List<MailboxSessionId> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            MailboxSessionId session = MailboxSessionId.random(secure);
            sessions.add(session);
            assertNull(poll(greedy, session, MailboxSide.INITIATOR, false).payload());
        }

        RpcException refused = assertThrows(RpcException.class,
                () -> poll(greedy, MailboxSessionId.random(secure), MailboxSide.INITIATOR, false));
        assertTrue(refused.is(ErrorCode.MAILBOX_TOO_MANY_SESSIONS), "code " + refused.error().code());
        assertEquals(1106, refused.error().code());
        assertTrue(refused.error().message().contains("too many link sessions")
                && refused.error().message().contains(Integer.toString(SESSIONS)), refused.error().message());

        // The sessions it has stay usable.
        assertNull(poll(greedy, sessions.get(0), MailboxSide.INITIATOR, false).payload());

        // Another connection has its own allowance, and can join the greedy one's sessions.
        HomeserverConnection other = connect();
        assertArrayEquals(new byte[] {1, 2, 3},
                postAndTake(other, greedy, sessions.get(1), new byte[] {1, 2, 3}));
        for (int i = 0; i < SESSIONS - 1; i++) {
            assertNull(poll(other, MailboxSessionId.random(secure), MailboxSide.INITIATOR, false).payload());
        }
        RpcException otherRefused = assertThrows(RpcException.class,
                () -> poll(other, MailboxSessionId.random(secure), MailboxSide.INITIATOR, false));
        assertEquals(1106, otherRefused.error().code(), "joining as responder counts as one of its sessions too");

        // A refused session was not created: a responder cannot join it.
        MailboxSessionId neverOpened = MailboxSessionId.random(secure);
        assertEquals(1106, assertThrows(RpcException.class,
                () -> poll(greedy, neverOpened, MailboxSide.INITIATOR, false)).error().code());
        HomeserverConnection third = connect();
        assertEquals(ErrorCode.MAILBOX_SESSION_NOT_FOUND.code(), assertThrows(RpcException.class,
                () -> poll(third, neverOpened, MailboxSide.RESPONDER, false)).error().code());
    }

    @Test
    void waitsBeyondTheLimitAreRefusedAndAClosedConnectionReleasesItsWaits() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId first = MailboxSessionId.random(secure);
        MailboxSessionId second = MailboxSessionId.random(secure);
        MailboxSessionId third = MailboxSessionId.random(secure);

        CompletableFuture<SyncMailboxResult> waitFirst = waitFor(desktop, first);
        CompletableFuture<SyncMailboxResult> waitSecond = waitFor(desktop, second);
        timers.awaitArmed(WAIT, WAITS, PATIENCE);

        RpcException refused = assertThrows(RpcException.class, () -> await(waitFor(desktop, third)));
        assertTrue(refused.is(ErrorCode.MAILBOX_TOO_MANY_WAITS), "code " + refused.error().code());
        assertEquals(1107, refused.error().code());
        assertTrue(refused.error().message().contains("too many waiting")
                && refused.error().message().contains(Integer.toString(WAITS)), refused.error().message());
        assertFalse(waitFirst.isDone() || waitSecond.isDone(), "the admitted waits are unaffected");

        // Other connections are not limited by it: the laptop holds two waits of its own meanwhile.
        HomeserverConnection laptop = connect();
        HomeserverConnection waker = connect();
        MailboxSessionId laptopOne = MailboxSessionId.random(secure);
        MailboxSessionId laptopTwo = MailboxSessionId.random(secure);
        CompletableFuture<SyncMailboxResult> laptopWaitsOne = waitFor(laptop, laptopOne);
        CompletableFuture<SyncMailboxResult> laptopWaitsTwo = waitFor(laptop, laptopTwo);
        timers.awaitArmed(WAIT, 2 * WAITS, PATIENCE);
        assertArrayEquals(new byte[] {8}, postAndTake(waker, laptopWaitsOne, laptopOne, new byte[] {8}));
        assertArrayEquals(new byte[] {9}, postAndTake(waker, laptopWaitsTwo, laptopTwo, new byte[] {9}));
        timers.awaitArmed(WAIT, WAITS, PATIENCE);

        // A wait that ends frees its place: the desktop may wait again.
        assertNull(post(phone, first, MailboxSide.RESPONDER, new byte[] {1}).payload());
        assertArrayEquals(new byte[] {1}, await(waitFirst).payload());
        timers.awaitArmed(WAIT, WAITS - 1, PATIENCE);
        CompletableFuture<SyncMailboxResult> waitFirstAgain = waitFor(desktop, first);
        timers.awaitArmed(WAIT, WAITS, PATIENCE);
        assertFalse(waitFirstAgain.isDone(), "admitted, and waiting");

        // Closing the connection releases both its waits on the server, and fails them on the client.
        desktop.close();
        timers.awaitArmed(WAIT, 0, WAIT.dividedBy(4));
        for (CompletableFuture<SyncMailboxResult> pending : List.of(waitFirstAgain, waitSecond)) {
            ConnectionException closed = assertInstanceOf(ConnectionException.class, failure(pending, PATIENCE));
            assertEquals(ConnectionException.Reason.CLOSED, closed.reason());
        }

        // A released wait takes nothing: what the phone posts now waits for the desktop's next call.
        assertNull(post(phone, second, MailboxSide.RESPONDER, new byte[] {2}).payload());
        HomeserverConnection desktopAgain = connect();
        assertArrayEquals(new byte[] {2}, poll(desktopAgain, second, MailboxSide.INITIATOR, false).payload());
        CompletableFuture<SyncMailboxResult> again1 = waitFor(desktopAgain, first);
        CompletableFuture<SyncMailboxResult> again2 = waitFor(desktopAgain, second);
        timers.awaitArmed(WAIT, WAITS, PATIENCE);
        assertEquals(1107, assertThrows(RpcException.class,
                () -> await(waitFor(desktopAgain, third))).error().code());
        assertFalse(again1.isDone() || again2.isDone());
    }

    @Test
    void aCallRefusedForTooManyWaitsHasNoEffect() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId first = MailboxSessionId.random(secure);
        MailboxSessionId second = MailboxSessionId.random(secure);
        MailboxSessionId third = MailboxSessionId.random(secure);
        waitFor(desktop, first);
        waitFor(desktop, second);
        timers.awaitArmed(WAIT, WAITS, PATIENCE);

        RpcException refused = assertThrows(RpcException.class, () -> await(desktop.call(Methods.SYNC_MAILBOX,
                new SyncMailboxParams(third.value(), MailboxSide.INITIATOR, new byte[] {7}, true))));
        assertEquals(1107, refused.error().code());
        try {
            assertNull(poll(phone, third, MailboxSide.RESPONDER, false).payload(),
                    "a call refused with 1107 must not have posted its payload");
        } catch (RpcException e) {
            assertEquals(ErrorCode.MAILBOX_SESSION_NOT_FOUND.code(), e.error().code(), "or opened its session");
        }
    }

    @Test
    void aPayloadOfExactly64KiBIsAcceptedAndOneByteMoreIsRefused() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId session = MailboxSessionId.random(secure);
        assertNull(poll(desktop, session, MailboxSide.INITIATOR, false).payload());
        Random random = new Random(64);

        byte[] tooLarge = new byte[SyncMailboxParams.MAX_PAYLOAD_BYTES + 1];
        random.nextBytes(tooLarge);
        RpcException refused = assertThrows(RpcException.class,
                () -> post(phone, session, MailboxSide.RESPONDER, tooLarge));
        assertEquals(1104, refused.error().code());
        assertTrue(refused.is(ErrorCode.MAILBOX_PAYLOAD_TOO_LARGE));
        assertTrue(refused.error().message().contains("64 KiB"), refused.error().message());
        assertNull(poll(desktop, session, MailboxSide.INITIATOR, false).payload(), "a refused payload is not stored");

        byte[] largest = new byte[64 * 1024];
        random.nextBytes(largest);
        assertNull(post(phone, session, MailboxSide.RESPONDER, largest).payload());
        assertArrayEquals(largest, poll(desktop, session, MailboxSide.INITIATOR, false).payload());

        RpcException refusedFromDesktop = assertThrows(RpcException.class,
                () -> post(desktop, session, MailboxSide.INITIATOR, tooLarge));
        assertEquals(1104, refusedFromDesktop.error().code());
        assertEquals(0, server.mailboxStore().storedBytes(), "nothing is held after delivery and refusals");
    }

    private HomeserverConnection connect() throws InterruptedException {
        HomeserverConnection connection = LiveConnections.open(server.uri());
        connections.add(connection);
        return connection;
    }

    private static CompletableFuture<SyncMailboxResult> waitFor(HomeserverConnection connection,
                                                                MailboxSessionId session) {
        return connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true));
    }

    private static SyncMailboxResult poll(HomeserverConnection connection, MailboxSessionId session,
                                          MailboxSide side, boolean wait) throws InterruptedException {
        return await(connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(session, side, wait)));
    }

    private static SyncMailboxResult post(HomeserverConnection connection, MailboxSessionId session,
                                          MailboxSide side, byte[] payload) throws InterruptedException {
        return await(connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(session, side, payload)));
    }

    /** The responder connection posts to the initiator's session; the initiator takes it. */
    private static byte[] postAndTake(HomeserverConnection responder, HomeserverConnection initiator,
                                      MailboxSessionId session, byte[] payload) throws InterruptedException {
        assertNull(post(responder, session, MailboxSide.RESPONDER, payload).payload());
        return poll(initiator, session, MailboxSide.INITIATOR, false).payload();
    }

    /** The waker posts as responder; the initiator's waiting call returns it. */
    private static byte[] postAndTake(HomeserverConnection waker, CompletableFuture<SyncMailboxResult> waiting,
                                      MailboxSessionId session, byte[] payload) throws InterruptedException {
        assertNull(post(waker, session, MailboxSide.RESPONDER, payload).payload());
        return await(waiting).payload();
    }
}
