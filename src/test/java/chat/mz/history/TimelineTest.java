package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static chat.mz.history.Entries.system;
import static chat.mz.history.Entries.withMessageId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timelines: receiving exactly once, the outbox, paging, unread counts and the conversation list. */
class TimelineTest {
    private final FakeClock clock = new FakeClock(T0);
    @TempDir
    Path dir;
    private History history;

    @BeforeEach
    void open() {
        history = History.open(file(dir), key(1), clock);
    }

    @AfterEach
    void close() {
        history.close();
    }

    private void reopen() {
        history.close();
        history = History.open(file(dir), key(1), clock);
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        Entry hello = received("s1", 1, "hello");
        assertTrue(history.addReceived(hello));
        assertFalse(history.addReceived(hello), "same seq, same message id");
        assertFalse(history.addReceived(withMessageId(hello, "other-id")), "same seq");
        assertEquals(List.of(1L), seqs(history.latest("s1", 10)));
        assertEquals(1, history.session("s1").orElseThrow().unreadCount());
        assertEquals(1, history.search("hello", 10).size(), "indexed once");
    }

    @Test
    void aBatchStoresEachMessageOnceEvenWithCopiesInsideIt() {
        List<Entry> batch = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            batch.add(received("s1", seq, "message " + seq));
        }
        batch.add(received("s1", 3, "message 3"));
        batch.add(received("s2", 1, "elsewhere"));
        assertEquals(6, history.addReceived(batch));
        assertEquals(0, history.addReceived(batch), "the whole batch again");
        batch.add(received("s1", 6, "message 6"));
        assertEquals(1, history.addReceived(batch));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs(history.latest("s1", 10)));
        assertEquals(6, history.session("s1").orElseThrow().unreadCount());
        assertEquals(7, history.totalUnread());
    }

    @Test
    void aReceivedEntryNeedsItsSeqAndServerTime() {
        assertThrows(IllegalArgumentException.class,
                () -> history.addReceived(pending("s1", "m1", "not from the server", T0)));
    }

    @Test
    void theOutboxSurvivesAReopen() {
        history.addPending(pending("s1", "m1", "first", T0));
        clock.advance(Duration.ofSeconds(1));
        history.addPending(pending("s1", "m2", "second", T0.plusSeconds(1)));
        history.addPending(pending("s2", "m3", "third", T0.plusSeconds(2)));
        assertFalse(history.addPending(pending("s1", "m1", "first", T0)), "same message id again");
        reopen();
        List<Entry> outbox = history.outbox();
        assertEquals(List.of("m1", "m2", "m3"), outbox.stream().map(Entry::messageId).collect(Collectors.toList()));
        assertTrue(outbox.stream().allMatch(e -> e.state() == DeliveryState.PENDING && e.seq() == null));
        assertEquals(0, history.totalUnread(), "our own messages are never unread");
    }

    @Test
    void markSentGivesTheSeqAndEmptiesTheOutbox() {
        history.addReceived(received("s1", 1, "hi"));
        history.addPending(pending("s1", "m1", "hello back", T0.plusSeconds(5)));
        assertTrue(history.markSent("s1", "m1", 2, T0.plusSeconds(6)));
        assertFalse(history.markSent("s1", "m1", 2, T0.plusSeconds(6)), "no longer in the outbox");
        assertTrue(history.outbox().isEmpty());
        List<Entry> entries = history.latest("s1", 10);
        assertEquals(List.of(1L, 2L), seqs(entries));
        assertEquals(DeliveryState.SENT, entries.get(1).state());
        assertEquals(T0.plusSeconds(6), entries.get(1).serverTime());
        assertEquals(2, history.session("s1").orElseThrow().lastSeq());
        assertFalse(history.markDelivered("s1", 1, "m1"), "seq 1 is another message");
        assertFalse(history.markDelivered("s1", 2, "nope"), "seq 2 has another id");
        assertTrue(history.markDelivered("s1", 2, "m1"));
        assertEquals(DeliveryState.DELIVERED, history.latest("s1", 10).get(1).state());
    }

    @Test
    void aReceiptThatOvertakesTheAnswerToTheSendIsKept() {
        history.addPending(pending("s1", "m1", "quick reader", T0));
        // the homeserver wakes the readers before it answers the sender: the receipt comes first
        assertTrue(history.markDelivered("s1", 3, "m1"));
        assertTrue(history.outbox().isEmpty(), "delivered means sent");
        assertFalse(history.markSent("s1", "m1", 3, T0.plusSeconds(2)), "the answer finds it sent already");
        Entry entry = history.latest("s1", 10).get(0);
        assertEquals(3L, entry.seq());
        assertEquals(DeliveryState.DELIVERED, entry.state(), "the answer does not take the receipt back");
        assertEquals(T0.plusSeconds(2), entry.serverTime(), "the homeserver's time, from the answer");
        assertEquals(1, history.search("quick", 10).size(), "found under the homeserver's time");
    }

    @Test
    void markSentKeepsOneRowWhenTheCopyAlreadyArrived() {
        history.addPending(pending("s1", "m1", "racing the echo", T0));
        // the homeserver's copy arrives first, under an id this device does not recognise as its own
        Entry copy = new Entry("s1", 7L, "server-copy", "u-me", "d-me", "me", Entry.Kind.TEXT, "racing the echo",
                T0.plusSeconds(1), T0.plusSeconds(1), false, DeliveryState.DELIVERED);
        history.addReceived(copy);
        assertTrue(history.markSent("s1", "m1", 7, T0.plusSeconds(1)));
        List<Entry> entries = history.latest("s1", 10);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(7L, entries.get(0).seq());
        assertTrue(entries.get(0).outgoing());
        assertTrue(history.outbox().isEmpty());
        assertEquals(0, history.session("s1").orElseThrow().unreadCount(), "our own message is not unread");
        assertEquals(1, history.search("echo", 10).size(), "one hit, not two");
    }

    @Test
    void ourOwnMessageComingBackBeforeTheAnswerTakesItsSeq() {
        Entry mine = pending("s1", "m1", "own echo", T0);
        history.addPending(mine);
        Entry echo = new Entry("s1", 3L, "m1", Entries.ME, "d-me", "me", Entry.Kind.TEXT, "own echo",
                T0.plusSeconds(1), T0.plusSeconds(1), true, DeliveryState.SENT);
        assertFalse(history.addReceived(echo), "not a new entry");
        assertTrue(history.outbox().isEmpty());
        assertEquals(List.of(3L), seqs(history.latest("s1", 10)));
        assertFalse(history.markSent("s1", "m1", 3, T0.plusSeconds(1)), "already sent");
        assertEquals(1, history.latest("s1", 10).size());
    }

    @Test
    void aRefusedMessageLeavesTheOutboxAndStaysVisibleAsFailed() {
        history.addPending(pending("s1", "m1", "too big", T0));
        assertTrue(history.markFailed("s1", "m1", "The message is too large."));
        assertFalse(history.markFailed("s1", "m1", "again"), "no longer in the outbox");
        assertTrue(history.outbox().isEmpty());
        reopen();
        List<Entry> entries = history.latest("s1", 10);
        assertEquals(1, entries.size());
        assertEquals(DeliveryState.FAILED, entries.get(0).state());
        assertEquals("The message is too large.", history.failureReason("s1", "m1").orElseThrow());
        assertFalse(history.markSent("s1", "m1", 1, T0), "a failed message is not sent later");
    }

    @Test
    void latestShowsTheNewestSequencedEntriesThenThePendingOnes() {
        for (long seq = 1; seq <= 30; seq++) {
            history.addReceived(received("s1", seq, "m" + seq));
        }
        history.addPending(pending("s1", "p2", "later", T0.plusSeconds(100)));
        history.addPending(pending("s1", "p1", "earlier", T0.plusSeconds(50)));
        history.addPending(pending("s2", "p3", "another chat", T0.plusSeconds(50)));
        List<Entry> entries = history.latest("s1", 5);
        assertEquals(7, entries.size());
        assertEquals(List.of(26L, 27L, 28L, 29L, 30L), seqs(entries.subList(0, 5)));
        assertEquals("earlier", entries.get(5).text());
        assertEquals("later", entries.get(6).text());
        assertNull(entries.get(6).seq());
    }

    @Test
    void pagingBackThroughAThousandMessagesGivesEverySeqOnceInOrder() {
        List<Entry> batch = new ArrayList<>();
        // stored out of order, and with a neighbouring conversation on both sides of the index
        for (long seq = 1000; seq >= 1; seq--) {
            batch.add(received("s5", seq, "message " + seq));
            batch.add(received("s4", seq, "noise"));
            batch.add(received("s6", seq, "noise"));
        }
        history.addReceived(batch);
        List<Long> seen = new ArrayList<>();
        List<Entry> page = history.latest("s5", 50);
        while (!page.isEmpty()) {
            List<Long> pageSeqs = seqs(page);
            seen.addAll(0, pageSeqs);
            page = history.before("s5", pageSeqs.get(0), 50);
        }
        assertEquals(LongStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList()), seen);
        assertTrue(history.before("s5", 1, 50).isEmpty());
        assertEquals(List.of(998L, 999L), seqs(history.before("s5", 1000, 2)));
    }

    @Test
    void unreadCountsFollowTheReadMarker() {
        history.addReceived(List.of(received("s1", 1, "one"), received("s1", 2, "two"), system("s1", 3, "Ada left"),
                received("s1", 4, "four")));
        history.addPending(pending("s1", "mine", "my own", T0.plusSeconds(10)));
        history.markSent("s1", "mine", 5, T0.plusSeconds(11));
        history.addReceived(received("s2", 1, "elsewhere"));
        assertEquals(3, history.session("s1").orElseThrow().unreadCount(), "text from others only");
        assertEquals(4, history.totalUnread());

        history.markRead("s1", 2);
        assertEquals(1, history.session("s1").orElseThrow().unreadCount());
        history.markRead("s1", 1);
        assertEquals(1, history.session("s1").orElseThrow().unreadCount(), "the marker never moves back");
        history.addReceived(received("s1", 2, "two"));
        history.addReceived(received("s1", 6, "six"));
        assertEquals(2, history.session("s1").orElseThrow().unreadCount());
        history.markRead("s1", 6);
        assertEquals(0, history.session("s1").orElseThrow().unreadCount());
        reopen();
        assertEquals(1, history.totalUnread());
    }

    @Test
    void sessionsAreListedNewestActivityFirstWithTheirFacts() {
        history.upsertSession(new SessionFacts("s1", "Ada", true, true, Membership.MEMBER, "member"));
        clock.advance(Duration.ofSeconds(1));
        history.upsertSession(new SessionFacts("s2", "Team", false, true, Membership.INVITED, "member"));
        history.upsertSession(new SessionFacts("s3", "Quiet", false, false, Membership.MEMBER, "owner"));
        history.addReceived(received("s1", 1, "old news"));
        clock.advance(Duration.ofHours(1));
        history.addReceived(received("s3", 1, "x".repeat(150)));
        history.addReceived(new Entry("s3", 2L, "late", "u-bob", null, "bob", Entry.Kind.TEXT, "hot   off\nthe press",
                T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(2)), false, DeliveryState.DELIVERED));
        history.addReceived(received("s9", 1, "from a chat we have no facts for yet"));

        List<SessionSummary> sessions = history.sessions();
        assertEquals(List.of("s3", "s9", "s2", "s1"),
                sessions.stream().map(SessionSummary::sessionId).collect(Collectors.toList()));
        SessionSummary quiet = sessions.get(0);
        assertEquals("hot off the press", quiet.lastMessagePreview());
        assertEquals(2, quiet.lastSeq());
        assertEquals("owner", quiet.myRole());
        assertFalse(quiet.e2eeOn());
        SessionSummary team = history.session("s2").orElseThrow();
        assertEquals(Membership.INVITED, team.membership());
        assertNull(team.lastMessagePreview());
        history.upsertSession(new SessionFacts("s2", "Team", false, true, Membership.MEMBER, "member"));
        assertEquals(Membership.MEMBER, history.session("s2").orElseThrow().membership());
        assertEquals("s9", history.session("s9").orElseThrow().name(), "a placeholder until the facts come");
        assertTrue(history.session("nope").isEmpty());
        assertEquals("old news", history.session("s1").orElseThrow().lastMessagePreview());
        assertEquals("x".repeat(SessionChange.PREVIEW_CHARS) + "…", SessionChange.preview("x".repeat(150)));
    }

    @Test
    void membersCanBeReplacedAddedAndRemoved() {
        history.replaceMembers("s1", List.of(new Member("s1", "u-b", "bob", "member"),
                new Member("s1", "u-a", "ada", "owner")));
        assertEquals(List.of("ada", "bob"), usernames(history.members("s1")));
        history.addMember(new Member("s1", "u-c", "cy", "member"));
        history.addMember(new Member("s1", "u-b", "bobby", "owner"));
        assertEquals(List.of("ada", "bobby", "cy"), usernames(history.members("s1")));
        assertTrue(history.removeMember("s1", "u-a"));
        assertFalse(history.removeMember("s1", "u-a"));
        history.replaceMembers("s1", List.of(new Member("s1", "u-z", "zed", "owner")));
        assertEquals(List.of("zed"), usernames(history.members("s1")));
        assertTrue(history.members("s2").isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> history.replaceMembers("s1", List.of(new Member("s2", "u-x", "x", "member"))));
        assertEquals(List.of("zed"), usernames(history.members("s1")), "a failed replace changes nothing");
    }

    private static List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(Entry::seq).collect(Collectors.toList());
    }

    private static List<String> usernames(List<Member> members) {
        return members.stream().map(Member::username).collect(Collectors.toList());
    }
}
