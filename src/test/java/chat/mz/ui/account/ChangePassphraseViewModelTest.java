package chat.mz.ui.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChangePassphraseViewModelTest {
    private static final String CURRENT = "correct horse battery";
    private static final String NEXT = "a much longer new passphrase";

    /** What the changer was given, copied when it was called, and how the test lets it end. */
    private final List<String[]> calls = new ArrayList<>();
    private CompletableFuture<Void> outcome = new CompletableFuture<>();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final ChangePassphraseViewModel change = new ChangePassphraseViewModel((current, next) -> {
        calls.add(new String[] {new String(current), new String(next)});
        return outcome;
    }, uiQueue::add);

    @Test
    void changesItOffTheUiThreadAndSaysSo() {
        char[] current = CURRENT.toCharArray();
        char[] next = NEXT.toCharArray();
        char[] repeated = NEXT.toCharArray();

        assertTrue(change.submit(current, next, repeated));

        assertEquals(1, calls.size());
        assertArrayEquals(new String[] {CURRENT, NEXT}, calls.get(0));
        assertTrue(change.busyProperty().get());
        assertEquals("Sealing your keys under the new passphrase…", change.progressProperty().get());
        for (char[] wiped : List.of(current, next, repeated)) {
            assertArrayEquals(new char[wiped.length], wiped, "wiped after use");
        }

        outcome.complete(null);
        assertTrue(change.busyProperty().get(), "nothing changes until the UI thread runs");
        uiQueue.forEach(Runnable::run);

        assertFalse(change.busyProperty().get());
        assertTrue(change.changedProperty().get());
        assertEquals("Passphrase changed.", change.noticeProperty().get());
        assertEquals("", change.errorProperty().get());
        assertFalse(change.submit(CURRENT.toCharArray(), NEXT.toCharArray(), NEXT.toCharArray()), "done once");
    }

    @Test
    void aWrongCurrentPassphraseSaysSoPlainly() {
        change.submit(CURRENT.toCharArray(), NEXT.toCharArray(), NEXT.toCharArray());

        outcome.completeExceptionally(new IllegalStateException("The current passphrase is wrong. Nothing was "
                + "changed."));
        uiQueue.forEach(Runnable::run);

        assertEquals("The current passphrase is wrong. Nothing was changed.", change.errorProperty().get());
        assertFalse(change.changedProperty().get());
        assertFalse(change.busyProperty().get());
        assertEquals("", change.noticeProperty().get());

        // and it may be tried again
        outcome = new CompletableFuture<>();
        assertTrue(change.submit(CURRENT.toCharArray(), NEXT.toCharArray(), NEXT.toCharArray()));
    }

    @Test
    void checksTheFormBeforeSealingAnything() {
        char[] wiped = NEXT.toCharArray();
        assertFalse(change.submit(new char[0], wiped, NEXT.toCharArray()));
        assertEquals("Type your current passphrase.", change.errorProperty().get());
        assertArrayEquals(new char[NEXT.length()], wiped, "wiped even when refused");

        assertFalse(change.submit(CURRENT.toCharArray(), "short".toCharArray(), "short".toCharArray()));
        assertEquals("Too short: at least 10 characters.", change.errorProperty().get());

        assertFalse(change.submit(CURRENT.toCharArray(), NEXT.toCharArray(), (NEXT + "!").toCharArray()));
        assertEquals("The new passphrases differ. Type the same one twice.", change.errorProperty().get());

        assertFalse(change.submit(CURRENT.toCharArray(), CURRENT.toCharArray(), CURRENT.toCharArray()));
        assertEquals("The new passphrase is the one you have now. Choose another one.", change.errorProperty().get());

        assertTrue(calls.isEmpty());
    }

    @Test
    void ratesTheNewPassphraseLikeTheWizard() {
        assertEquals("", change.strengthProperty().get());
        change.newPassphraseTyped("short");
        assertEquals("Too short: at least 10 characters", change.strengthProperty().get());
        change.newPassphraseTyped("tenletters");
        assertEquals("Fair: longer, or mixing letters, digits and symbols, is stronger",
                change.strengthProperty().get());
        change.newPassphraseTyped(NEXT);
        assertEquals("Strong", change.strengthProperty().get());
    }
}
