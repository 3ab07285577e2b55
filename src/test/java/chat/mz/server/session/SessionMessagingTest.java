package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.ListSessionsParams;
import chat.mz.protocol.session.MessageDelivered;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RenameSessionParams;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionMember;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Creating conversations, sending, and reading the per-device queues, against a real homeserver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionMessagingTest {
    @TempDir
    Path data;

    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatUser cy;
    private ChatClient adaDesk;
    private ChatClient adaPhone;
    private ChatClient bobDesk;
    private ChatClient cyDesk;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data);
        ada = world.register("ada");
        world.addDevice(ada);
        bob = world.register("bob");
        cy = world.register("cyd");
        adaDesk = world.login(ada, 0);
        adaPhone = world.login(ada, 1);
        bobDesk = world.login(bob, 0);
        cyDesk = world.login(cy, 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void directChatIsOnePerPair() throws Exception {
        SessionInfo first = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.direct(bob.userId(), false));
        SessionInfo again = adaPhone.call(Methods.NEW_SESSION, NewSessionRequest.direct(bob.userId(), false));
        SessionInfo fromBob = bobDesk.call(Methods.NEW_SESSION, NewSessionRequest.direct(ada.userId(), true));
        SessionInfo other = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.direct(cy.userId(), false));

        assertTrue(first.direct());
        assertEquals(first.sessionId(), again.sessionId());
        assertEquals(first.sessionId(), fromBob.sessionId());
        assertEquals(SessionRole.MEMBER, fromBob.yourRole());
        assertNotEquals(first.sessionId(), other.sessionId());
        assertEquals(List.of("ada", "bob"), first.members().stream().map(SessionMember::username).toList());
        assertEquals(1, again.lastSeq(), "asking again made no second created entry");
        assertEquals(1, Events.of(bobDesk.drain(), SessionEventKind.CREATED).size());
    }

    @Test
    void groupStartsWithTheCreatorAsOwnerAndOneCreatedEntry() throws Exception {
        SessionInfo info = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("  Climbing ", false,
                List.of(bob.userId(), cy.userId(), bob.userId(), ada.userId())));

        assertEquals("Climbing", info.name());
        assertFalse(info.direct());
        assertEquals(1, info.lastSeq());
        assertEquals(SessionRole.OWNER, info.yourRole());
        assertEquals(List.of("ada:owner", "bob:member", "cyd:member"), info.members().stream()
                .map(m -> m.username() + ":" + m.role().wireName()).toList());
        for (ChatClient device : List.of(adaDesk, adaPhone, bobDesk, cyDesk)) {
            List<SessionEvent> created = Events.timeline(device.drain());
            assertEquals(1, created.size());
            assertEquals(SessionEventKind.CREATED, created.get(0).kind());
            assertEquals(1, created.get(0).seq());
            assertEquals("Climbing", created.get(0).name());
            assertEquals("ada", created.get(0).actorUsername());
        }
        assertEquals(SessionRole.MEMBER, bobDesk.call(Methods.GET_SESSION, new SessionRef(info.sessionId())).yourRole());
        assertEquals(List.of(info.sessionId()), cyDesk.call(Methods.LIST_SESSIONS, new ListSessionsParams()).sessions()
                .stream().map(SessionInfo::sessionId).toList());
    }

    @Test
    void listNamesTheNewestActivityFirst() throws Exception {
        String older = group("Older");
        String newer = group("Newer");
        assertEquals(List.of(newer, older), sessionIds(bobDesk));
        send(adaDesk, older, "bump");
        assertEquals(List.of(older, newer), sessionIds(bobDesk));
    }

    @Test
    void aMessageReachesEveryOtherDeviceOnceButNotTheSendingOne() throws Exception {
        String session = group("Climbing");
        drainAll();
        String messageId = world.messageId();

        SendMessageResult sent = adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, messageId, "Hi!"));

        assertEquals(2, sent.seq());
        assertTrue(adaDesk.fetch(List.of()).isEmpty(), "the sending device gets nothing");
        for (ChatClient device : List.of(adaPhone, bobDesk, cyDesk)) {
            List<QueuedEvent> items = device.drain();
            assertEquals(1, items.size());
            SessionEvent event = items.get(0).event();
            assertEquals(SessionEventKind.MESSAGE, event.kind());
            assertEquals(session, event.sessionId());
            assertEquals(2, event.seq());
            assertEquals(sent.serverTime(), event.serverTime());
            assertEquals(messageId, event.messageId());
            assertEquals("Hi!", event.text());
            assertEquals(ada.userId(), event.actorUserId());
            assertEquals("ada", event.actorUsername());
            assertEquals(ada.device(0).id(), event.actorDeviceId());
            assertNull(event.name());
        }
    }

    @Test
    void resendingTheSameMessageIdAnswersTheFirstSendAndQueuesNothing() throws Exception {
        String session = group("Climbing");
        drainAll();
        SendMessageParams message = new SendMessageParams(session, world.messageId(), "once");
        SendMessageResult first = adaDesk.call(Methods.SEND_MESSAGE, message);
        assertEquals(1, bobDesk.drain().size());

        SendMessageResult again = adaPhone.call(Methods.SEND_MESSAGE, message);

        assertEquals(first, again);
        assertTrue(bobDesk.fetch(List.of()).isEmpty());
        assertTrue(Events.timeline(adaDesk.fetch(List.of())).isEmpty(), "a resend from the sibling queues nothing");
        assertEquals(first.seq() + 1, send(adaDesk, session, "next").seq(), "no gap in seq");
    }

    @Test
    void aWaitingFetchIsAnsweredByTheSendItself() throws Exception {
        String session = group("Climbing");
        drainAll();
        CompletableFuture<FetchEventsResult> waiting = bobDesk.fetchWaiting(List.of(), FetchEventsParams.MAX_WAIT_SECONDS);
        bobDesk.barrier();
        assertFalse(waiting.isDone(), "nothing is queued yet");

        long sentAt = System.nanoTime();
        send(adaDesk, session, "wake up");

        FetchEventsResult result = waiting.get(ChatClient.patience().toSeconds(), TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertTrue(tookMillis < FetchEventsParams.MAX_WAIT_SECONDS * 1000 / 5, "woken by the send, not by the timer: "
                + tookMillis + " ms");
        assertEquals(List.of("wake up"), Events.timeline(result.events()).stream().map(SessionEvent::text).toList());
    }

    @Test
    void aWaitingFetchWithNothingQueuedAnswersEmptyAfterItsWait() throws Exception {
        group("Climbing");
        drainAll();
        FetchEventsResult result = bobDesk.fetchWaiting(List.of(), 1).get(ChatClient.patience().toSeconds(),
                TimeUnit.SECONDS);
        assertTrue(result.events().isEmpty());
    }

    @Test
    void acknowledgedItemsGoAndTheOthersComeBackAfterAReconnect() throws Exception {
        String session = group("Climbing");
        drainAll();
        for (String text : List.of("one", "two", "three")) {
            send(adaDesk, session, text);
        }
        List<QueuedEvent> seen = bobDesk.fetch(List.of());
        assertEquals(3, seen.size());
        bobDesk.close();

        ChatClient again = world.login(bob, 0);
        List<QueuedEvent> redelivered = again.fetch(List.of());
        assertEquals(seen, redelivered, "nothing acknowledged: the same items with the same queue ids");
        List<QueuedEvent> rest = again.fetch(Events.ids(redelivered.subList(0, 2)));
        assertEquals(List.of(redelivered.get(2)), rest);
        assertTrue(again.fetch(List.of(rest.get(0).queueId())).isEmpty());
    }

    @Test
    void itemsComeOldestFirstUpToTheLimit() throws Exception {
        String session = group("Climbing");
        drainAll();
        for (int i = 1; i <= 5; i++) {
            send(adaDesk, session, "message " + i);
        }
        List<Long> seqs = new ArrayList<>();
        List<Long> queueIds = new ArrayList<>();
        List<Long> ack = List.of();
        while (true) {
            List<QueuedEvent> page = bobDesk.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack, 2, 0)).events();
            if (page.isEmpty()) {
                break;
            }
            assertTrue(page.size() <= 2);
            page.forEach(item -> {
                seqs.add(item.event().seq());
                queueIds.add(item.queueId());
            });
            ack = Events.ids(page);
        }
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), seqs);
        assertEquals(queueIds.stream().sorted().toList(), queueIds);
    }

    @Test
    void theSenderHearsOfDeliveryOnceEveryOtherMemberHasADeviceThatAcknowledged() throws Exception {
        String session = group("Climbing");
        drainAll();
        SendMessageResult sent = send(adaDesk, session, "did you get this?");
        String messageId = lastMessageId(adaPhone);

        List<QueuedEvent> bobItems = bobDesk.drain();
        assertEquals(1, bobItems.size());
        assertTrue(adaDesk.fetch(List.of()).isEmpty(), "cy has not acknowledged yet");
        List<QueuedEvent> cyItems = cyDesk.fetch(List.of());
        assertTrue(adaDesk.fetch(List.of()).isEmpty(), "fetching is not acknowledging");
        cyDesk.fetch(Events.ids(cyItems));

        for (ChatClient device : List.of(adaDesk, adaPhone)) {
            List<QueuedEvent> receipts = Events.typed(device.drain(), QueuedEventType.MESSAGE_DELIVERED);
            assertEquals(List.of(new MessageDelivered(session, sent.seq(), messageId)),
                    receipts.stream().map(QueuedEvent::delivered).toList());
        }
        assertTrue(bobDesk.fetch(List.of()).isEmpty());
    }

    @Test
    void anOfflineDeviceGetsEverythingOnceWhenItComesBack() throws Exception {
        String session = group("Climbing");
        drainAll();
        bobDesk.close();
        for (int i = 1; i <= 4; i++) {
            send(adaDesk, session, "while you were away " + i);
        }
        adaDesk.call(Methods.RENAME_SESSION, new RenameSessionParams(session, "Bouldering"));

        ChatClient back = world.login(bob, 0);
        List<QueuedEvent> items = back.drain();
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), Events.timeline(items).stream().map(SessionEvent::seq).toList());
        assertEquals("Bouldering", items.get(4).event().name());
        assertTrue(back.fetch(List.of()).isEmpty(), "once acknowledged, never again");
    }

    @Test
    void aDeviceLinkedLaterGetsOnlyWhatHappensAfterwards() throws Exception {
        String session = group("Climbing");
        send(adaDesk, session, "before");
        int tablet = world.addDevice(bob);
        send(adaDesk, session, "after");

        List<QueuedEvent> items = world.login(bob, tablet).drain();
        assertEquals(List.of("after"), Events.timeline(items).stream().map(SessionEvent::text).toList());
    }

    private String group(String name) throws InterruptedException {
        return adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group(name, false,
                List.of(bob.userId(), cy.userId()))).sessionId();
    }

    private SendMessageResult send(ChatClient from, String session, String text) throws InterruptedException {
        return from.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), text));
    }

    private static List<String> sessionIds(ChatClient client) throws InterruptedException {
        return client.call(Methods.LIST_SESSIONS, new ListSessionsParams()).sessions().stream()
                .map(SessionInfo::sessionId).toList();
    }

    private static String lastMessageId(ChatClient sibling) throws InterruptedException {
        List<SessionEvent> events = Events.timeline(sibling.drain());
        return events.get(events.size() - 1).messageId();
    }

    private void drainAll() throws InterruptedException {
        for (ChatClient device : List.of(adaDesk, adaPhone, bobDesk, cyDesk)) {
            device.drain();
        }
    }
}
