package chat.mz.server.mailbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.testing.FakeTime;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxServiceTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(25);

    private final SecureRandom random = new SecureRandom();
    private FakeTime time;
    private InMemoryMailboxStore store;
    private MailboxService mailbox;
    private ConnectionContext desktop;
    private ConnectionContext phone;
    private MailboxSessionId session;

    @BeforeEach
    void setUp() {
        time = new FakeTime();
        store = new InMemoryMailboxStore(TTL, 1_000, 1024 * 1024);
        mailbox = new MailboxService(store, time, time, WAIT, 4, 2);
        mailbox.startSweeping(Duration.ofSeconds(10));
        desktop = new ConnectionContext(1, new byte[32]);
        phone = new ConnectionContext(2, new byte[32]);
        session = MailboxSessionId.random(random);
    }

    @Test
    void payloadsTravelInBothDirections() {
        poll(desktop, MailboxSide.INITIATOR);
        post(phone, MailboxSide.RESPONDER, "phone keys");
        assertEquals("phone keys", text(poll(desktop, MailboxSide.INITIATOR)));

        post(desktop, MailboxSide.INITIATOR, "certificate");
        assertEquals("certificate", text(poll(phone, MailboxSide.RESPONDER)));
    }

    @Test
    void aCallerNeverReadsBackItsOwnPayloadEvenAfterReconnecting() {
        post(desktop, MailboxSide.INITIATOR, "certificate");
        assertNull(poll(desktop, MailboxSide.INITIATOR).payload());

        ConnectionContext desktopAgain = new ConnectionContext(3, new byte[32]);
        desktop.close();
        assertNull(poll(desktopAgain, MailboxSide.INITIATOR).payload());
        assertEquals("certificate", text(poll(phone, MailboxSide.RESPONDER)));
    }

    @Test
    void eachPayloadIsDeliveredOnce() {
        poll(desktop, MailboxSide.INITIATOR);
        post(phone, MailboxSide.RESPONDER, "phone keys");
        assertEquals("phone keys", text(poll(desktop, MailboxSide.INITIATOR)));
        assertNull(poll(desktop, MailboxSide.INITIATOR).payload());
        assertNull(poll(new ConnectionContext(9, new byte[32]), MailboxSide.INITIATOR).payload());
    }

    @Test
    void aSecondPostBeforeTheFirstIsPickedUpIsRefused() {
        poll(desktop, MailboxSide.INITIATOR);
        post(phone, MailboxSide.RESPONDER, "first");
        assertCode(ErrorCode.MAILBOX_SLOT_FULL, () -> post(phone, MailboxSide.RESPONDER, "second"));
        assertEquals("first", text(poll(desktop, MailboxSide.INITIATOR)));
        post(phone, MailboxSide.RESPONDER, "second");
        assertEquals("second", text(poll(desktop, MailboxSide.INITIATOR)));
    }

    @Test
    void onlyTheInitiatorCreatesASession() {
        assertCode(ErrorCode.MAILBOX_SESSION_NOT_FOUND, () -> post(phone, MailboxSide.RESPONDER, "keys"));
        assertEquals(0, store.sessionCount());
    }

    @Test
    void aWaitingCallIsWokenByThePostItself() {
        CompletableFuture<SyncMailboxResult> waiting = waitFor(desktop, MailboxSide.INITIATOR);
        assertFalse(waiting.isDone());

        time.advance(Duration.ofSeconds(3));
        assertFalse(waiting.isDone(), "nothing was posted, so nothing may wake the call");
        post(phone, MailboxSide.RESPONDER, "phone keys");

        assertTrue(waiting.isDone(), "the post must complete the waiting call at once, with no timer involved");
        assertEquals("phone keys", text(waiting.join()));
        assertEquals(1, time.pendingTasks(), "only the sweeper stays scheduled: the wait's timer is cancelled");
    }

    @Test
    void aWaitingCallReturnsNoDataAfterTheBoundedWait() {
        CompletableFuture<SyncMailboxResult> waiting = waitFor(desktop, MailboxSide.INITIATOR);
        time.advance(WAIT.minusMillis(1));
        assertFalse(waiting.isDone());
        time.advance(Duration.ofMillis(1));
        assertTrue(waiting.isDone());
        assertNull(waiting.join().payload());
        assertEquals(time.instant().minus(WAIT).plus(TTL).toEpochMilli(), waiting.join().expiresAt());

        post(phone, MailboxSide.RESPONDER, "late keys");
        assertEquals("late keys", text(poll(desktop, MailboxSide.INITIATOR)), "a timed-out wait takes nothing");
    }

    @Test
    void aSessionExpiresFiveMinutesAfterCreationAndLeavesMemory() {
        poll(desktop, MailboxSide.INITIATOR);
        post(phone, MailboxSide.RESPONDER, "phone keys");
        assertEquals(1, store.sessionCount());
        assertEquals(10, store.storedBytes());

        time.advance(TTL.minusSeconds(1));
        assertEquals(1, store.sessionCount());
        time.advance(Duration.ofSeconds(10));

        assertEquals(0, store.sessionCount());
        assertEquals(0, store.storedBytes());
        assertCode(ErrorCode.MAILBOX_SESSION_EXPIRED, () -> poll(desktop, MailboxSide.INITIATOR));
        assertCode(ErrorCode.MAILBOX_SESSION_EXPIRED, () -> poll(phone, MailboxSide.RESPONDER));

        time.advance(TTL);
        assertEquals(0, store.expiredIdCount(), "the remembered id is forgotten too, so memory stays bounded");
    }

    @Test
    void anExpiredSessionRefusesCallsEvenBeforeTheSweep() {
        poll(desktop, MailboxSide.INITIATOR);
        mailbox.stop();
        time.advance(TTL);
        assertEquals(1, store.sessionCount(), "no sweep ran");
        assertCode(ErrorCode.MAILBOX_SESSION_EXPIRED, () -> post(phone, MailboxSide.RESPONDER, "keys"));
    }

    @Test
    void aWaitingCallHearsThatItsSessionExpired() {
        poll(desktop, MailboxSide.INITIATOR);
        time.advance(TTL.minusSeconds(5));
        CompletableFuture<SyncMailboxResult> waiting = waitFor(desktop, MailboxSide.INITIATOR);
        time.advance(Duration.ofSeconds(10));
        assertTrue(waiting.isCompletedExceptionally());
        CompletionException failure = assertThrows(CompletionException.class, waiting::join);
        assertTrue(((RpcException) failure.getCause()).is(ErrorCode.MAILBOX_SESSION_EXPIRED));
    }

    @Test
    void payloadsUpTo64KiBAreAcceptedAndLargerOnesRefused() {
        poll(desktop, MailboxSide.INITIATOR);
        byte[] largest = new byte[SyncMailboxParams.MAX_PAYLOAD_BYTES];
        random.nextBytes(largest);
        mailbox.sync(phone, new SyncMailboxParams(session.value(), MailboxSide.RESPONDER, largest, false));
        assertArrayEquals(largest, poll(desktop, MailboxSide.INITIATOR).payload());

        byte[] tooLarge = new byte[SyncMailboxParams.MAX_PAYLOAD_BYTES + 1];
        assertCode(ErrorCode.MAILBOX_PAYLOAD_TOO_LARGE, () -> mailbox.sync(phone,
                new SyncMailboxParams(session.value(), MailboxSide.RESPONDER, tooLarge, false)));
        assertNull(poll(desktop, MailboxSide.INITIATOR).payload());
    }

    @Test
    void anEmptyPayloadIsRefusedSoThatItCannotReadAsNoData() {
        poll(desktop, MailboxSide.INITIATOR);
        assertCode(ErrorCode.INVALID_PARAMS, () -> mailbox.sync(phone,
                SyncMailboxParams.post(session, MailboxSide.RESPONDER, new byte[0])));
        assertNull(poll(desktop, MailboxSide.INITIATOR).payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA+A", "AAAAAAAAAAAAAAAAAAAAA/A",
            "AAAAAAAAAAAAAAAAAAAAA=A", "AAAAAAAAAAAAAAAAAAAA AA", "AAAAAAAAAAAAAAAAAAAAA.A", "AAAAAAAAAAAAAAAAAAAAAé",
            "../../../../etc/passwd/aa"})
    void shortOrMalformedSessionIdsAreRefused(String id) {
        assertCode(ErrorCode.MAILBOX_SESSION_ID_INVALID,
                () -> mailbox.sync(desktop, new SyncMailboxParams(id, MailboxSide.INITIATOR, null, false)));
        assertEquals(0, store.sessionCount());
    }

    @Test
    void tooLongSessionIdsAreRefusedAndTheShortestValidOneIsAccepted() {
        assertCode(ErrorCode.MAILBOX_SESSION_ID_INVALID, () -> mailbox.sync(desktop,
                new SyncMailboxParams("A".repeat(MailboxSessionId.MAX_LENGTH + 1), MailboxSide.INITIATOR, null, false)));
        mailbox.sync(desktop, new SyncMailboxParams("A-_z09".repeat(3) + "abcd", MailboxSide.INITIATOR, null, false));
        assertEquals(1, store.sessionCount());
    }

    @Test
    void oneConnectionMayHoldOnlyABoundedNumberOfSessions() {
        for (int i = 0; i < 4; i++) {
            mailbox.sync(desktop, SyncMailboxParams.poll(MailboxSessionId.random(random), MailboxSide.INITIATOR, false));
        }
        assertCode(ErrorCode.MAILBOX_TOO_MANY_SESSIONS, () -> mailbox.sync(desktop,
                SyncMailboxParams.poll(MailboxSessionId.random(random), MailboxSide.INITIATOR, false)));
        mailbox.sync(phone, SyncMailboxParams.poll(MailboxSessionId.random(random), MailboxSide.INITIATOR, false));

        time.advance(TTL);
        mailbox.sync(desktop, SyncMailboxParams.poll(MailboxSessionId.random(random), MailboxSide.INITIATOR, false));
    }

    @Test
    void oneConnectionMayHoldOnlyABoundedNumberOfWaitsAndClosingFreesThem() {
        CompletableFuture<SyncMailboxResult> first = waitFor(desktop, MailboxSide.INITIATOR);
        CompletableFuture<SyncMailboxResult> second = waitFor(desktop, MailboxSide.INITIATOR);
        assertCode(ErrorCode.MAILBOX_TOO_MANY_WAITS, () -> waitFor(desktop, MailboxSide.INITIATOR));

        desktop.close();
        assertTrue(first.isCancelled());
        assertTrue(second.isCancelled());
        assertEquals(1, time.pendingTasks(), "the closed connection's wait timers are gone");

        post(phone, MailboxSide.RESPONDER, "keys");
        assertEquals("keys", text(waitFor(new ConnectionContext(7, new byte[32]), MailboxSide.INITIATOR)
                .join()), "a cancelled wait must not have swallowed the payload");
    }

    @Test
    void theServerRefusesPayloadsBeyondItsMemoryBudget() {
        InMemoryMailboxStore small = new InMemoryMailboxStore(TTL, 1_000, 100);
        MailboxService tight = new MailboxService(small, time, time, WAIT, 4, 2);
        tight.sync(desktop, SyncMailboxParams.post(session, MailboxSide.INITIATOR, new byte[100]));
        MailboxSessionId other = MailboxSessionId.random(random);
        assertCode(ErrorCode.SERVER_BUSY, () -> tight.sync(phone,
                SyncMailboxParams.post(other, MailboxSide.INITIATOR, new byte[1])));
        assertEquals(100, small.storedBytes());
    }

    @Test
    void theDeliveredPayloadIsACopyOfWhatWasPosted() {
        poll(desktop, MailboxSide.INITIATOR);
        byte[] keys = "phone keys".getBytes(StandardCharsets.UTF_8);
        mailbox.sync(phone, SyncMailboxParams.post(session, MailboxSide.RESPONDER, keys));
        keys[0] = 'X';
        assertEquals("phone keys", text(poll(desktop, MailboxSide.INITIATOR)));
    }

    /** Polls; a call that does not wait must answer at once. */
    private SyncMailboxResult poll(ConnectionContext c, MailboxSide side) {
        CompletableFuture<SyncMailboxResult> result =
                mailbox.sync(c, SyncMailboxParams.poll(session, side, false)).toCompletableFuture();
        assertTrue(result.isDone(), "a call that does not wait answers at once");
        return result.join();
    }

    private CompletableFuture<SyncMailboxResult> waitFor(ConnectionContext c, MailboxSide side) {
        return mailbox.sync(c, SyncMailboxParams.poll(session, side, true)).toCompletableFuture();
    }

    private void post(ConnectionContext c, MailboxSide side, String text) {
        SyncMailboxResult result = mailbox.sync(c, SyncMailboxParams.post(session, side,
                text.getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join();
        assertNull(result.payload(), "nothing was waiting for the poster");
    }

    private static String text(SyncMailboxResult result) {
        assertTrue(result.hasPayload(), "expected a payload");
        return new String(result.payload(), StandardCharsets.UTF_8);
    }

    private static void assertCode(ErrorCode code, Runnable action) {
        RpcException e = assertThrows(RpcException.class, action::run);
        assertEquals(code.code(), e.error().code(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

}
