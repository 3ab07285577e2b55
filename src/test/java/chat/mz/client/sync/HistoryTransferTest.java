package chat.mz.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.Protection;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.session.SessionIds;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * History for a newly linked device, over a real loopback homeserver with real keys and histories:
 * a 10,000-message history arrives complete and identical with the room keys to read it, progress
 * shows on both sides, and a device may skip it; a device that lacks a room key gets it from a
 * sibling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HistoryTransferTest {
    private static final int MESSAGES = 10_000;
    private final SecureRandom random = new SecureRandom();
    private MessagingWorld world;
    private User adaDesk;
    private User bob;

    @BeforeAll
    void setUp(@TempDir Path root) throws Exception {
        world = new MessagingWorld(root);
        adaDesk = world.register("ada");
        bob = world.register("bob");
    }

    @AfterAll
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aTenThousandMessageHistoryArrivesCompleteAndIdenticalWithItsKeys() throws Exception {
        List<String> sessions = List.of(SessionIds.random(random), SessionIds.random(random),
                SessionIds.random(random));
        List<Entry> written = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofDays(30));
        for (int s = 0; s < sessions.size(); s++) {
            String id = sessions.get(s);
            adaDesk.history().upsertSession(new SessionFacts(id, "Archive " + s, false, s == 2, Membership.MEMBER,
                    "owner"));
            adaDesk.history().replaceMembers(id, List.of(new Member(id, adaDesk.userId(), "ada", "owner"),
                    new Member(id, bob.userId(), "bob", "member")));
        }
        for (int i = 0; i < MESSAGES; i++) {
            String id = sessions.get(i % 3);
            long seq = i / 3 + 1;
            boolean mine = i % 5 == 0;
            written.add(new Entry(id, seq, "m" + i, mine ? adaDesk.userId() : bob.userId(), "dev" + (i % 2),
                    mine ? "ada" : "bob", Entry.Kind.TEXT, "message " + i + " — ünïcödé ✓ " + "x".repeat(i % 200),
                    start.plusSeconds(i), Instant.now(), mine, mine ? DeliveryState.DELIVERED : DeliveryState.DELIVERED,
                    id.equals(sessions.get(2)) ? Protection.ENCRYPTED : Protection.PLAIN));
        }
        adaDesk.history().addReceived(written);
        byte[] key1 = new byte[32];
        byte[] key2 = new byte[32];
        random.nextBytes(key1);
        random.nextBytes(key2);
        adaDesk.history().roomKeys().add(new StoredRoomKey(sessions.get(2), 1, key1, start, adaDesk.userId(),
                adaDesk.identity().deviceId(), true));
        adaDesk.history().roomKeys().add(new StoredRoomKey(sessions.get(2), 2, key2, start.plusSeconds(60),
                bob.userId(), bob.identity().deviceId(), true));
        long readUpTo = 1000;
        adaDesk.history().markRead(sessions.get(0), readUpTo);

        LinkedBlockingQueue<TransferProgress> sending = new LinkedBlockingQueue<>();
        adaDesk.messenger().historySharing().transfers().subscribe(sending::add);
        User phone = world.linkDevice(adaDesk, "ada phone");
        LinkedBlockingQueue<TransferProgress> receiving = new LinkedBlockingQueue<>();
        phone.messenger().historySharing().transfers().subscribe(receiving::add);

        TransferProgress offer = await(adaDesk.messenger().historySharing().offer(phone.identity().deviceId(),
                HistoryTransfers.DEFAULT_WINDOW));
        // the other tests of this class may have added a few messages on the desktop by now
        assertTrue(offer.total() >= MESSAGES && offer.total() < MESSAGES + 100, "offered " + offer.total());
        TransferProgress offered = next(receiving, p -> p.state() == TransferProgress.State.OFFERED);
        assertEquals(offer.transferId(), offered.transferId());
        assertEquals(offer.total(), offered.total(), "the new device sees how much is offered");
        await(phone.messenger().historySharing().accept(offered.transferId()));

        TransferProgress received = last(receiving);
        TransferProgress sent = last(sending);
        assertEquals(TransferProgress.State.DONE, received.state());
        assertEquals(offer.total(), received.done());
        assertEquals(TransferProgress.State.DONE, sent.state());
        assertEquals(offer.total(), sent.done());

        for (String id : sessions) {
            List<Entry> there = adaDesk.history().latest(id, MESSAGES);
            List<Entry> here = phone.history().latest(id, MESSAGES);
            assertEquals(there.size(), here.size(), "every entry of " + id);
            for (int i = 0; i < there.size(); i++) {
                assertEquals(comparable(there.get(i)), comparable(here.get(i)));
            }
        }
        assertEquals(0, phone.history().session(sessions.get(0)).orElseThrow().unreadCount()
                - adaDesk.history().session(sessions.get(0)).orElseThrow().unreadCount(), "read state follows");
        assertArrayEquals(key1, phone.history().roomKeys().get(sessions.get(2), 1).orElseThrow().key());
        assertArrayEquals(key2, phone.history().roomKeys().get(sessions.get(2), 2).orElseThrow().key());
    }

    @Test
    void aNewDeviceMaySkipTheHistory() throws Exception {
        String id = SessionIds.random(random);
        adaDesk.history().upsertSession(new SessionFacts(id, "Skipped", false, false, Membership.MEMBER, "owner"));
        adaDesk.history().addReceived(List.of(new Entry(id, 1L, "s1", bob.userId(), "d", "bob", Entry.Kind.TEXT,
                "not wanted", Instant.now(), Instant.now(), false, DeliveryState.DELIVERED)));
        LinkedBlockingQueue<TransferProgress> sending = new LinkedBlockingQueue<>();
        adaDesk.messenger().historySharing().transfers().subscribe(sending::add);
        User laptop = world.linkDevice(adaDesk, "ada laptop");
        LinkedBlockingQueue<TransferProgress> receiving = new LinkedBlockingQueue<>();
        laptop.messenger().historySharing().transfers().subscribe(receiving::add);
        await(adaDesk.messenger().historySharing().offer(laptop.identity().deviceId(), HistoryTransfers.DEFAULT_WINDOW));
        TransferProgress offered = next(receiving, p -> p.state() == TransferProgress.State.OFFERED);
        await(laptop.messenger().historySharing().skip(offered.transferId()));
        next(sending, p -> p.state() == TransferProgress.State.SKIPPED && p.transferId().equals(
                offered.transferId()));
        assertTrue(laptop.history().session(id).isEmpty(), "nothing of the history came");
    }

    @Test
    void aDeviceThatLacksARoomKeyGetsItFromASibling() throws Exception {
        String session = await(adaDesk.messenger().conversations().createGroup("Sealed", List.of(bob.userId()), true))
                .sessionId();
        MessagingWorld.await("bob has key 1", 30, () -> bob.history().roomKeys().get(session, 1).isPresent());
        await(adaDesk.messenger().encryption().rotateNow(session));
        MessagingWorld.await("bob has key 2", 30, () -> bob.history().roomKeys().get(session, 2).isPresent());
        // linked after key 2 was made: no room key was ever sealed to it
        User tablet = world.linkDevice(adaDesk, "ada tablet");
        await(tablet.messenger().conversations().syncAll());
        await(bob.messenger().send(session, "only readable with key 2"));
        MessagingWorld.await("the tablet reads it", 30, () -> tablet.history().latest(session, 20).stream()
                .anyMatch(e -> e.text().equals("only readable with key 2") && e.protection() == Protection.ENCRYPTED));
        assertArrayEquals(adaDesk.history().roomKeys().get(session, 2).orElseThrow().key(),
                tablet.history().roomKeys().get(session, 2).orElseThrow().key(), "relayed by the desktop");
    }

    private static List<Object> comparable(Entry e) {
        return List.of(e.sessionId(), e.seq(), e.messageId(), e.senderUserId(), String.valueOf(e.senderDeviceId()),
                String.valueOf(e.senderName()), e.kind(), e.text(), e.serverTime(), e.outgoing(), e.state(),
                e.protection());
    }

    private static TransferProgress next(LinkedBlockingQueue<TransferProgress> queue,
                                         java.util.function.Predicate<TransferProgress> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            TransferProgress progress = queue.poll(1, TimeUnit.SECONDS);
            if (progress != null && wanted.test(progress)) {
                return progress;
            }
        }
        throw new AssertionError("no such transfer progress came");
    }

    /** The final state, checking on the way that progress only grows. */
    private static TransferProgress last(LinkedBlockingQueue<TransferProgress> queue) throws Exception {
        long done = -1;
        while (true) {
            TransferProgress progress = queue.poll(60, TimeUnit.SECONDS);
            if (progress == null) {
                throw new AssertionError("the transfer did not finish");
            }
            assertTrue(progress.done() >= done, "progress never goes back");
            done = progress.done();
            if (progress.finished()) {
                return progress;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }
}
