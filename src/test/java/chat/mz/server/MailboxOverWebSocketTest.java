package chat.mz.server;

import static chat.mz.testing.LiveConnections.await;
import static chat.mz.testing.LiveConnections.barrier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.testing.LiveConnections;
import java.security.SecureRandom;
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
 * The device-link handshake over a real homeserver on a loopback port, with the real client
 * connection on both ends: the desktop is the initiator, the phone the responder.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxOverWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Random bytes = new Random(2026);
    private final List<HomeserverConnection> connections = new ArrayList<>();
    private Homeserver server;

    @BeforeEach
    void startServer() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withMailboxWait(WAIT), "test");
    }

    @AfterEach
    void stopServer() {
        connections.forEach(HomeserverConnection::close);
        server.close();
    }

    @Test
    void desktopAndPhoneCompleteTheExchangeAndNeverReadTheirOwnPayloads() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId session = MailboxSessionId.random(new SecureRandom());
        byte[] phoneKeys = randomBytes(1_200);
        byte[] certificate = randomBytes(3_000);

        // The desktop shows its QR code and waits.
        CompletableFuture<SyncMailboxResult> desktopWaits = desktop.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true));
        barrier(desktop);
        assertFalse(desktopWaits.isDone(), "nothing was posted yet, so the desktop must still be waiting");

        // The phone posts its keys and waits for the certificate in the same call.
        CompletableFuture<SyncMailboxResult> phoneWaits = phone.call(Methods.SYNC_MAILBOX,
                new SyncMailboxParams(session.value(), MailboxSide.RESPONDER, phoneKeys, true));
        SyncMailboxResult keysAtDesktop = await(desktopWaits);
        assertArrayEquals(phoneKeys, keysAtDesktop.payload());
        barrier(phone);
        assertFalse(phoneWaits.isDone(), "the phone must not get its own keys back; it waits for the certificate");

        // The desktop approves and posts the certificate; the phone's waiting call gets it.
        SyncMailboxResult desktopPost = await(desktop.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.post(session, MailboxSide.INITIATOR, certificate)));
        assertNull(desktopPost.payload(), "the desktop must not read back its own certificate");
        SyncMailboxResult certificateAtPhone = await(phoneWaits);
        assertArrayEquals(certificate, certificateAtPhone.payload());
        assertEquals(keysAtDesktop.expiresAt(), certificateAtPhone.expiresAt(), "one session, one expiry");

        // Each payload was delivered once: after reconnecting, neither side finds anything.
        desktop = reconnect(desktop);
        phone = reconnect(phone);
        assertNull(poll(desktop, session, MailboxSide.INITIATOR).payload(), "the keys were delivered already");
        assertNull(poll(phone, session, MailboxSide.RESPONDER).payload(), "the certificate was delivered already");
    }

    @Test
    void anUndeliveredPayloadNeverReturnsToItsSenderEvenAfterItReconnects() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId session = MailboxSessionId.random(new SecureRandom());
        assertNull(poll(desktop, session, MailboxSide.INITIATOR).payload(), "a new session is empty");
        byte[] fromPhone = randomBytes(500);
        byte[] fromDesktop = randomBytes(700);

        // The phone posts; its payload waits in the mailbox while the phone reconnects and asks.
        assertNull(post(phone, session, MailboxSide.RESPONDER, fromPhone).payload(), "its own payload, at once");
        phone = reconnect(phone);
        assertNull(poll(phone, session, MailboxSide.RESPONDER).payload(), "its own payload, after reconnecting");
        assertArrayEquals(fromPhone, poll(desktop, session, MailboxSide.INITIATOR).payload(),
                "the payload stayed for the other side");
        assertNull(poll(desktop, session, MailboxSide.INITIATOR).payload(), "delivered once");

        // The same from the desktop's side.
        assertNull(post(desktop, session, MailboxSide.INITIATOR, fromDesktop).payload(), "its own payload, at once");
        desktop = reconnect(desktop);
        assertNull(poll(desktop, session, MailboxSide.INITIATOR).payload(), "its own payload, after reconnecting");
        assertArrayEquals(fromDesktop, poll(phone, session, MailboxSide.RESPONDER).payload());
        assertNull(poll(phone, session, MailboxSide.RESPONDER).payload(), "delivered once");
        assertNull(poll(desktop, session, MailboxSide.INITIATOR).payload());
    }

    @Test
    void aWaitWithNoPostEndsWithNoDataAfterTheBound() throws Exception {
        HomeserverConnection desktop = connect();
        MailboxSessionId session = MailboxSessionId.random(new SecureRandom());

        long start = System.nanoTime();
        SyncMailboxResult result = await(desktop.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true)));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertNull(result.payload());
        assertFalse(result.hasPayload());
        assertTrue(elapsedMillis >= WAIT.toMillis() - 50,
                "the call must be held for the configured wait, but returned after " + elapsedMillis + " ms");
        assertTrue(elapsedMillis < WAIT.toMillis() + 3_000,
                "the call must end soon after the configured wait, but took " + elapsedMillis + " ms");
    }

    @Test
    void aPostWakesTheWaitingCallAtOnce() throws Exception {
        HomeserverConnection desktop = connect();
        HomeserverConnection phone = connect();
        MailboxSessionId session = MailboxSessionId.random(new SecureRandom());
        byte[] keys = randomBytes(256);

        CompletableFuture<SyncMailboxResult> waiting = desktop.call(Methods.SYNC_MAILBOX,
                SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true));
        barrier(desktop);
        assertFalse(waiting.isDone());

        long posted = System.nanoTime();
        post(phone, session, MailboxSide.RESPONDER, keys);
        SyncMailboxResult result = await(waiting);
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted);

        assertArrayEquals(keys, result.payload());
        assertTrue(latencyMillis < WAIT.toMillis() / 2,
                "the post must wake the waiting call at once, not at the end of its wait; it took "
                        + latencyMillis + " ms");
    }

    private HomeserverConnection connect() throws InterruptedException {
        HomeserverConnection connection = LiveConnections.open(server.uri());
        connections.add(connection);
        return connection;
    }

    private HomeserverConnection reconnect(HomeserverConnection connection) throws InterruptedException {
        connection.close();
        return connect();
    }

    private static SyncMailboxResult poll(HomeserverConnection connection, MailboxSessionId session,
                                          MailboxSide side) throws InterruptedException {
        return await(connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(session, side, false)));
    }

    private static SyncMailboxResult post(HomeserverConnection connection, MailboxSessionId session,
                                          MailboxSide side, byte[] payload) throws InterruptedException {
        return await(connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(session, side, payload)));
    }

    private byte[] randomBytes(int length) {
        byte[] result = new byte[length];
        bytes.nextBytes(result);
        return result;
    }
}
