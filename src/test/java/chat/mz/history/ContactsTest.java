package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contacts' root keys: a change is noticed and kept until the user accepts it. */
class ContactsTest {
    private final FakeClock clock = new FakeClock(T0);
    @TempDir
    Path dir;

    @Test
    void aChangedKeyIsFlaggedUntilAcceptedAndTheFirstOneIsKept() {
        byte[] first = rootKey(1);
        byte[] second = rootKey(2);
        try (History history = History.open(file(dir), key(1), clock)) {
            assertEquals(KeyCheck.FIRST_SEEN, history.rememberContact("u-ada", "ada", first));
            clock.advance(Duration.ofDays(1));
            assertEquals(KeyCheck.SAME, history.rememberContact("u-ada", "ada", first.clone()));
            assertFalse(history.contact("u-ada").orElseThrow().keyChanged());

            assertEquals(KeyCheck.CHANGED, history.rememberContact("u-ada", "ada", second));
            assertEquals(KeyCheck.SAME, history.rememberContact("u-ada", "ada", second));
        }
        try (History history = History.open(file(dir), key(1), clock)) {
            Contact ada = history.contact("u-ada").orElseThrow();
            assertTrue(ada.keyChanged(), "still flagged after the same new key was seen again, and a restart");
            assertArrayEquals(first, ada.firstSeenRootKey());
            assertArrayEquals(second, ada.currentRootKey());
            assertEquals(T0, ada.addedAt());

            assertTrue(history.acceptKeyChange("u-ada"));
            assertFalse(history.acceptKeyChange("u-ada"), "nothing left to accept");
            ada = history.contact("u-ada").orElseThrow();
            assertFalse(ada.keyChanged());
            assertArrayEquals(first, ada.firstSeenRootKey());

            assertEquals(KeyCheck.CHANGED, history.rememberContact("u-ada", "ada", first), "back to the old key");
            assertTrue(history.contact("u-ada").orElseThrow().keyChanged());
        }
    }

    @Test
    void contactsAreFoundByIdAndByUsernameInAnyCase() {
        try (History history = History.open(file(dir), key(1), clock)) {
            history.rememberContact("u-bob", "Bob", rootKey(3));
            history.rememberContact("u-ada", "ada", rootKey(4));
            history.rememberContact("u-bob", "bobby", rootKey(3));
            assertEquals(List.of("ada", "bobby"),
                    history.contacts().stream().map(Contact::username).collect(Collectors.toList()));
            assertEquals("u-bob", history.contactByUsername("BOBBY").orElseThrow().userId());
            assertTrue(history.contactByUsername("Bob").isEmpty(), "renamed");
            assertTrue(history.contact("u-cy").isEmpty());
        }
    }

    @Test
    void aContactsKeysCannotBeChangedFromOutside() {
        byte[] key = rootKey(5);
        try (History history = History.open(file(dir), key(1), clock)) {
            history.rememberContact("u-ada", "ada", key);
            key[0] = 99;
            Contact ada = history.contact("u-ada").orElseThrow();
            ada.currentRootKey()[1] = 99;
            assertArrayEquals(rootKey(5), history.contact("u-ada").orElseThrow().currentRootKey());
            assertArrayEquals(rootKey(5), ada.currentRootKey());
            assertEquals(ada, history.contact("u-ada").orElseThrow());
        }
    }

    private static byte[] rootKey(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
