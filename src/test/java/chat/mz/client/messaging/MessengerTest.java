package chat.mz.client.messaging;

import static chat.mz.testing.MessagingWorld.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.KeyCheck;
import chat.mz.history.Membership;
import chat.mz.history.SessionSummary;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client core's messaging over a real loopback homeserver, with real history files. */
@Timeout(120)
class MessengerTest {
    @TempDir
    Path folder;
    private MessagingWorld world;
    private User ada;
    private User bob;

    @BeforeEach
    void start() throws Exception {
        world = new MessagingWorld(folder);
        ada = world.register("ada");
        bob = world.register("bob");
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aDirectMessageArrivesOnceAndIsMarkedDelivered() throws Exception {
        SessionInfo chat = ada.messenger().conversations().direct(bob.userId()).get(10, TimeUnit.SECONDS);
        Entry sent = ada.messenger().send(chat.sessionId(), "Hello, Bob").get(10, TimeUnit.SECONDS);
        assertEquals(DeliveryState.PENDING, sent.state());

        await("bob to receive it", 10, () -> texts(bob.history(), chat.sessionId()).contains("Hello, Bob"));
        await("ada to see it delivered", 10, () -> state(ada.history(), chat.sessionId(), sent.messageId())
                == DeliveryState.DELIVERED);

        SessionSummary atBob = bob.history().session(chat.sessionId()).orElseThrow();
        assertEquals("ada", atBob.name(), "a direct chat is named after the other person");
        assertTrue(atBob.direct());
        assertEquals(1, atBob.unreadCount());
        assertEquals(List.of("Hello, Bob"), texts(bob.history(), chat.sessionId()));
        Entry received = bob.history().latest(chat.sessionId(), 10).stream()
                .filter(e -> e.kind() == Entry.Kind.TEXT).findFirst().orElseThrow();
        assertEquals("ada", received.senderName());
        assertFalse(received.outgoing());
        assertEquals(sent.messageId(), received.messageId());
        assertEquals(ada.history().latest(chat.sessionId(), 10).stream().filter(e -> e.kind() == Entry.Kind.TEXT)
                .findFirst().orElseThrow().seq(), received.seq(), "both sides agree on the message's place");
    }

    @Test
    void messagesWrittenOfflineAreSentOnceAfterARestart() throws Exception {
        SessionInfo chat = ada.messenger().conversations().direct(bob.userId()).get(10, TimeUnit.SECONDS);
        ada.restart(false);
        for (int i = 1; i <= 3; i++) {
            ada.messenger().send(chat.sessionId(), "offline " + i).get(10, TimeUnit.SECONDS);
        }
        assertEquals(3, ada.history().outbox().size());
        ada.restart(false); // the outbox is on disk, not in memory
        assertEquals(3, ada.history().outbox().size());
        ada.goOnline();

        await("bob to receive all three", 15, () -> texts(bob.history(), chat.sessionId()).size() == 3);
        await("ada's outbox to empty", 10, () -> ada.history().outbox().isEmpty());
        assertEquals(List.of("offline 1", "offline 2", "offline 3"), texts(bob.history(), chat.sessionId()),
                "in the order written");
    }

    @Test
    @Timeout(600)
    void aBurstSurvivesRestartsOfSenderReceiverAndHomeserverExactlyOnce() throws Exception {
        // thousands, so that every restart lands in the middle of the burst; each send waits for two
        // durable commits, so more would only make the test slower (the delivery bench measures speed)
        int count = 3_000;
        SessionInfo chat = ada.messenger().conversations().direct(bob.userId()).get(10, TimeUnit.SECONDS);
        await("bob to know the chat", 10, () -> bob.history().session(chat.sessionId()).isPresent());
        ada.restart(false);
        for (int i = 0; i < count; i++) {
            ada.history().addPending(new Entry(chat.sessionId(), null, String.format("burst-message-%06d", i),
                    ada.userId(), ada.identity().deviceId(), "ada", Entry.Kind.TEXT, "burst " + i, null,
                    java.time.Instant.now(), true, DeliveryState.PENDING));
        }
        ada.goOnline();
        await("part of the burst to be sent", 120, () -> bob.history().session(chat.sessionId()).orElseThrow()
                .unreadCount() > count / 4);
        ada.restart(); // the sender stops in the middle of its burst
        await("part of the burst to arrive", 120, () -> bob.history().session(chat.sessionId()).orElseThrow()
                .unreadCount() > count / 2);
        world.restartServer(); // and the homeserver, while both are busy
        bob.restart(); // and the receiver

        await("the whole burst to arrive", 300, () -> bob.history().session(chat.sessionId()).orElseThrow()
                .unreadCount() == count);
        await("ada's outbox to empty", 60, () -> ada.history().outbox().isEmpty());
        List<String> texts = allTexts(bob.history(), chat.sessionId());
        assertEquals(count, texts.size());
        assertEquals(count, new HashSet<>(texts).size(), "no message stored twice");
        for (int i = 0; i < count; i++) {
            assertEquals("burst " + i, texts.get(i), "in order");
        }
        assertEquals(count, allTexts(ada.history(), chat.sessionId()).size());
    }

    @Test
    void invitationAndJoinByApprovalReachTheRightPeople() throws Exception {
        User carol = world.register("carol");
        SessionInfo group = ada.messenger().conversations().createGroup("Climbing", List.of(bob.userId()))
                .get(10, TimeUnit.SECONDS);
        await("bob to see the group", 10, () -> bob.history().session(group.sessionId())
                .map(s -> s.name().equals("Climbing") && s.membership() == Membership.MEMBER).orElse(false));

        // invitation: bob invites carol, carol accepts
        bob.messenger().conversations().invite(group.sessionId(), carol.userId()).get(10, TimeUnit.SECONDS);
        await("carol to be invited", 10, () -> carol.history().session(group.sessionId())
                .map(s -> s.membership() == Membership.INVITED).orElse(false));
        await("carol to be told who invited her", 10, () -> carol.events.stream().anyMatch(e ->
                e instanceof MessengerEvent.Invited i && i.byUsername().equals("bob")
                        && i.sessionName().equals("Climbing")));
        carol.messenger().conversations().accept(group.sessionId()).get(10, TimeUnit.SECONDS);
        assertEquals(Membership.MEMBER, carol.history().session(group.sessionId()).orElseThrow().membership());

        // join by approval: dave asks, only the owner (ada) is asked, ada approves
        User dave = world.register("dave");
        dave.messenger().conversations().join(group.sessionId()).get(10, TimeUnit.SECONDS);
        await("ada to be asked", 10, () -> ada.events.stream().anyMatch(e -> e instanceof MessengerEvent.JoinRequested r
                && r.username().equals("dave")));
        ada.messenger().conversations().allow(group.sessionId(), dave.userId()).get(10, TimeUnit.SECONDS);
        await("dave to be let in", 10, () -> dave.history().session(group.sessionId())
                .map(s -> s.membership() == Membership.MEMBER).orElse(false));
        assertFalse(bob.events.stream().anyMatch(e -> e instanceof MessengerEvent.JoinRequested),
                "members who cannot approve are not asked");

        ada.messenger().send(group.sessionId(), "Welcome both").get(10, TimeUnit.SECONDS);
        for (User member : List.of(bob, carol, dave)) {
            await(member.username() + " to receive it", 10,
                    () -> texts(member.history(), group.sessionId()).contains("Welcome both"));
        }
        await("the system lines at bob", 10, () -> systemLines(bob.history(), group.sessionId()).containsAll(List.of(
                "ada created the group “Climbing”.", "You added carol.", "ada added dave.")));
        assertEquals(4, bob.history().members(group.sessionId()).size());
    }

    @Test
    void refusalsAreClearAndChangeNothing() throws Exception {
        User carol = world.register("carol");
        SessionInfo group = ada.messenger().conversations().createGroup("Private", List.of(bob.userId()))
                .get(10, TimeUnit.SECONDS);

        // one who is not in it: the send is refused for good, marked failed, and not retried
        Entry entry = carol.messenger().send(group.sessionId(), "let me in").get(10, TimeUnit.SECONDS);
        await("the send to be refused", 10, () -> state(carol.history(), group.sessionId(), entry.messageId())
                == DeliveryState.FAILED);
        assertTrue(carol.history().outbox().isEmpty(), "a refused message is not retried forever");
        assertTrue(carol.history().failureReason(group.sessionId(), entry.messageId()).orElseThrow()
                .contains("not a member"));

        ExecutionException approve = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bob.messenger().conversations().allow(group.sessionId(), carol.userId()).get(10,
                        TimeUnit.SECONDS));
        RpcException rpc = assertInstanceOf(RpcException.class, approve.getCause());
        assertTrue(rpc.is(ErrorCode.NOT_SESSION_OWNER) || rpc.is(ErrorCode.NO_SUCH_REQUEST), rpc.getMessage());

        ExecutionException accept = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> carol.messenger().conversations().accept(group.sessionId()).get(10, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(RpcException.class, accept.getCause()).is(ErrorCode.NO_SUCH_REQUEST));

        String tooLong = "x".repeat(16 * 1024 + 1);
        ExecutionException oversized = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ada.messenger().send(group.sessionId(), tooLong).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, oversized.getCause());
        assertTrue(ada.history().outbox().isEmpty(), "an oversized message is refused before it is stored");
    }

    @Test
    void contactsRememberTheFirstKeyAndAgreeOnTheSafetyNumber() throws Exception {
        ContactBook.Checked bobAtAda = ada.contacts().add("bob").get(10, TimeUnit.SECONDS);
        ContactBook.Checked adaAtBob = bob.contacts().add("ADA").get(10, TimeUnit.SECONDS);
        assertEquals(KeyCheck.FIRST_SEEN, bobAtAda.check());
        assertEquals(bobAtAda.safetyNumber(), adaAtBob.safetyNumber());
        assertEquals(KeyCheck.SAME, ada.contacts().add("bob").get(10, TimeUnit.SECONDS).check());
        assertEquals(bob.userId(), bobAtAda.contact().userId());

        ExecutionException nobody = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ada.contacts().add("nobody").get(10, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(RpcException.class, nobody.getCause()).is(ErrorCode.UNKNOWN_USER));
    }

    private static List<String> texts(History history, String sessionId) {
        return history.latest(sessionId, 1000).stream().filter(e -> e.kind() == Entry.Kind.TEXT).map(Entry::text)
                .toList();
    }

    private static List<String> systemLines(History history, String sessionId) {
        return history.latest(sessionId, 1000).stream().filter(e -> e.kind() == Entry.Kind.SYSTEM).map(Entry::text)
                .toList();
    }

    private static List<String> allTexts(History history, String sessionId) {
        java.util.ArrayList<Entry> all = new java.util.ArrayList<>(history.latest(sessionId, 500));
        while (!all.isEmpty() && all.get(0).seq() != null && all.get(0).seq() > 1) {
            all.addAll(0, history.before(sessionId, all.get(0).seq(), 500));
        }
        return all.stream().filter(e -> e.kind() == Entry.Kind.TEXT).map(Entry::text).toList();
    }

    private static DeliveryState state(History history, String sessionId, String messageId) {
        Set<DeliveryState> states = new HashSet<>();
        history.latest(sessionId, 1000).stream().filter(e -> e.messageId().equals(messageId))
                .forEach(e -> states.add(e.state()));
        return states.size() == 1 ? states.iterator().next() : null;
    }
}
