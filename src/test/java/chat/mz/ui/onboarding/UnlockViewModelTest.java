package chat.mz.ui.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.identity.KeystoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class UnlockViewModelTest {
    private final List<char[]> tried = new ArrayList<>();
    private CompletableFuture<Object> outcome = new CompletableFuture<>();
    private int unlocked;

    private UnlockViewModel screen() {
        return new UnlockViewModel(passphrase -> {
            tried.add(passphrase.clone());
            return outcome;
        }, Runnable::run, "ada", () -> unlocked++);
    }

    @Test
    void greetsTheAccountByName() {
        assertEquals("Welcome back, ada", screen().greeting());
        assertEquals("Welcome back", new UnlockViewModel(p -> outcome, Runnable::run, null, () -> { }).greeting());
    }

    @Test
    void aWrongPassphraseSaysSoAndTheNextTryCanWork() {
        UnlockViewModel screen = screen();
        char[] wrong = "guess".toCharArray();

        assertTrue(screen.submit(wrong));
        assertArrayEquals(new char[5], wrong, "wiped");
        assertArrayEquals("guess".toCharArray(), tried.get(0));
        assertTrue(screen.busyProperty().get());
        assertEquals("Unlocking…", screen.progressProperty().get());
        assertFalse(screen.submit("again".toCharArray()), "one attempt at a time");

        outcome.completeExceptionally(new CompletionException(new KeystoreException(
                KeystoreException.Reason.WRONG_PASSPHRASE, "The passphrase is wrong. Nothing was changed.")));
        assertEquals("The passphrase is wrong. Nothing was changed.", screen.errorProperty().get());
        assertFalse(screen.busyProperty().get());
        assertEquals(0, unlocked);

        outcome = new CompletableFuture<>();
        assertTrue(screen.submit("right one".toCharArray()));
        assertEquals("", screen.errorProperty().get());
        outcome.complete("ok");
        assertEquals(1, unlocked);
    }

    @Test
    void anEmptyPassphraseIsNotTried() {
        UnlockViewModel screen = screen();
        assertFalse(screen.submit(new char[0]));
        assertEquals("Type your passphrase.", screen.errorProperty().get());
        assertTrue(tried.isEmpty());
    }
}
