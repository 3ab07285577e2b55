package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries' protection, unreadable messages kept until their key arrives, and our own sealed messages. */
class SealedEntriesTest {
    private static final String NO_KEY = "This message could not be decrypted yet.";
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
    void protectionIsKeptForReceivedAndPendingEntries() {
        history.addReceived(List.of(received("s1", 1, "in the clear"),
                received("s1", 2, "secret", Protection.ENCRYPTED), received("s1", 3, NO_KEY, Protection.UNREADABLE)));
        history.addPending(pending("s1", "m1", "to be sealed", T0).withText("to be sealed", Protection.ENCRYPTED));
        history.addPending(pending("s1", "m2", "plain", T0));
        reopen();
        assertEquals(List.of(Protection.ENCRYPTED, Protection.PLAIN), protections(history.outbox()));
        assertEquals(List.of(Protection.PLAIN, Protection.ENCRYPTED, Protection.UNREADABLE, Protection.ENCRYPTED,
                Protection.PLAIN), protections(history.latest("s1", 10)));
        assertEquals(List.of(Protection.ENCRYPTED, Protection.UNREADABLE), protections(history.before("s1", 4, 2)));
        history.markSent("s1", "m1", 4, T0.plusSeconds(4));
        assertEquals(Protection.ENCRYPTED, history.latest("s1", 10).get(3).protection(), "kept once sent");
    }

    @Test
    void theOldConstructorMeansPlainAndWithTextChangesOnlyTextAndProtection() {
        Entry plain = received("s1", 1, "hello");
        assertEquals(Protection.PLAIN, plain.protection());
        Entry opened = plain.withText("opened", Protection.ENCRYPTED);
        assertEquals("opened", opened.text());
        assertEquals(Protection.ENCRYPTED, opened.protection());
        assertEquals(plain, opened.withText("hello", Protection.PLAIN));
        assertThrows(NullPointerException.class, () -> plain.withText("x", null));
    }

    @Test
    void ourOwnPendingEntryCannotBeUnreadable() {
        Entry unreadable = pending("s1", "m1", NO_KEY, T0).withText(NO_KEY, Protection.UNREADABLE);
        assertThrows(IllegalArgumentException.class, () -> history.addPending(unreadable));
        assertTrue(history.outbox().isEmpty());
    }

    @Test
    void anUnreadableEntryWaitsForItsKeyThenIsRevealedAndFound() {
        byte[] sealed = {10, 20, 30};
        history.addReceived(List.of(received("s1", 1, NO_KEY, Protection.UNREADABLE),
                        received("s1", 2, "readable", Protection.ENCRYPTED),
                        received("s1", 3, NO_KEY, Protection.UNREADABLE),
                        received("s1", 4, NO_KEY, Protection.UNREADABLE)),
                List.of(), List.of(new SealedBody("s1", 3, 7, new byte[] {3}), new SealedBody("s1", 1, 7, sealed),
                        new SealedBody("s1", 4, 8, new byte[] {4}),
                        new SealedBody("s1", 2, 7, new byte[] {2})));
        sealed[0] = 0;
        reopen();
        List<SealedBody> waiting = history.unreadable("s1", 7);
        assertEquals(List.of(new SealedBody("s1", 1, 7, new byte[] {10, 20, 30}),
                new SealedBody("s1", 3, 7, new byte[] {3})), waiting, "by seq; the readable entry kept nothing");
        assertTrue(history.unreadable("s1", 6).isEmpty());
        assertTrue(history.unreadable("s2", 7).isEmpty());
        assertTrue(history.search("pineapple", 10).isEmpty());

        assertTrue(history.reveal("s1", 1, "pineapple pizza", Protection.ENCRYPTED));
        assertFalse(history.reveal("s1", 1, "again", Protection.ENCRYPTED), "no longer unreadable");
        assertFalse(history.reveal("s1", 2, "readable already", Protection.ENCRYPTED));
        assertFalse(history.reveal("s1", 9, "nothing there", Protection.ENCRYPTED));
        reopen();
        Entry revealed = history.latest("s1", 10).get(0);
        assertEquals("pineapple pizza", revealed.text());
        assertEquals(Protection.ENCRYPTED, revealed.protection());
        assertEquals(List.of(1L), history.search("pineapple", 10).stream().map(SearchHit::seq)
                .collect(Collectors.toList()));
        assertEquals(List.of(new SealedBody("s1", 3, 7, new byte[] {3})), history.unreadable("s1", 7));

        assertTrue(history.reveal("s1", 3, "The signature did not match.", Protection.UNREADABLE));
        assertTrue(history.unreadable("s1", 7).isEmpty(), "a failed attempt is not offered again");
        assertEquals("The signature did not match.", history.latest("s1", 10).get(2).text());
        assertTrue(history.search("signature", 10).isEmpty());
        assertEquals(List.of(new SealedBody("s1", 4, 8, new byte[] {4})), history.unreadable("s1", 8));
    }

    @Test
    void aPendingMessageKeepsWhatItWasSealedAsUntilSent() {
        history.addPending(pending("s1", "m1", "hello", T0).withText("hello", Protection.ENCRYPTED));
        assertTrue(history.sealed("s1", "m1").isEmpty(), "not sealed yet");
        byte[] sealed = {1, 2, 3, 4};
        assertTrue(history.setSealed("s1", "m1", 5, sealed));
        sealed[0] = 0;
        assertFalse(history.setSealed("s1", "nope", 5, sealed));
        assertFalse(history.setSealed("s2", "m1", 5, sealed));
        reopen();
        SealedBody body = history.sealed("s1", "m1").orElseThrow();
        assertEquals(new SealedBody("s1", 0, 5, new byte[] {1, 2, 3, 4}), body);
        assertTrue(body.toString().contains("4 bytes"), body.toString());
        assertTrue(history.unreadable("s1", 5).isEmpty(), "ours is not waiting for a key");
        history.markSent("s1", "m1", 1, T0.plusSeconds(1));
        assertTrue(history.sealed("s1", "m1").isEmpty(), "no longer pending");
        assertFalse(history.setSealed("s1", "m1", 5, sealed));
    }

    private static List<Protection> protections(List<Entry> entries) {
        return entries.stream().map(Entry::protection).collect(Collectors.toList());
    }
}
