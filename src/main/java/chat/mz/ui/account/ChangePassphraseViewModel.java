package chat.mz.ui.account;

import chat.mz.ui.onboarding.PassphraseStrength;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Change passphrase": the current passphrase, the new one twice, the same strength hint as the
 * first-run wizard. The keys are sealed anew off the UI thread (Argon2 takes a while); a wrong
 * current passphrase changes nothing and says so. Passphrases arrive as {@code char[]} that
 * {@link #submit} wipes, whatever happens.
 */
public final class ChangePassphraseViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ChangePassphraseViewModel.class);
    static final String CHANGING = "Sealing your keys under the new passphrase…";
    static final String CHANGED = "Passphrase changed.";
    static final String NO_CURRENT = "Type your current passphrase.";
    static final String DIFFERENT = "The new passphrases differ. Type the same one twice.";
    static final String SAME = "The new passphrase is the one you have now. Choose another one.";
    static final String UNEXPECTED = "Something went wrong (the log has the details). Nothing was changed.";

    /** Seals the keys under a new passphrase, off the UI thread. */
    @FunctionalInterface
    public interface Changer {
        /**
         * Copies both passphrases before it returns (the caller wipes its own); the future fails with
         * a plain sentence, e.g. when the current passphrase is wrong.
         */
        CompletableFuture<?> change(char[] current, char[] next);
    }

    private final Changer changer;
    private final Executor uiThread;
    private final ReadOnlyStringWrapper strength = new ReadOnlyStringWrapper(this, "strength", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper(this, "changed", false);

    /** @param uiThread runs on the JavaFX thread ({@code Platform::runLater} in the app) */
    public ChangePassphraseViewModel(Changer changer, Executor uiThread) {
        this.changer = Objects.requireNonNull(changer, "changer");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
    }

    /** How strong the new passphrase is, in the wizard's words; empty while nothing is typed. */
    public ReadOnlyStringProperty strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    /** What stopped the last attempt, in plain words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What is happening while busy; empty otherwise. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "Passphrase changed." once it is; empty before. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True while the keys are being sealed anew. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once the passphrase was changed: the form is done. */
    public ReadOnlyBooleanProperty changedProperty() {
        return changed.getReadOnlyProperty();
    }

    /** Rates the new passphrase as it is typed, without copying it. */
    public void newPassphraseTyped(CharSequence typed) {
        strength.set(PassphraseStrength.of(typed).hint());
    }

    /**
     * Changes the passphrase; all three arrays are wiped before this returns.
     *
     * @return whether changing started
     */
    public boolean submit(char[] current, char[] next, char[] repeated) {
        try {
            if (busy.get() || changed.get()) {
                return false;
            }
            String problem = problem(current, next, repeated);
            if (problem != null) {
                error.set(problem);
                return false;
            }
            busy.set(true);
            error.set("");
            progress.set(CHANGING);
            CompletableFuture<?> done;
            try {
                done = changer.change(current, next);
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            done.whenComplete((result, failure) -> uiThread.execute(() -> finished(failure)));
            return true;
        } finally {
            wipe(current);
            wipe(next);
            wipe(repeated);
        }
    }

    private static String problem(char[] current, char[] next, char[] repeated) {
        if (current.length == 0) {
            return NO_CURRENT;
        }
        PassphraseStrength rating = PassphraseStrength.of(java.nio.CharBuffer.wrap(next));
        if (!rating.acceptable()) {
            return rating == PassphraseStrength.EMPTY ? "Type a new passphrase." : rating.hint() + ".";
        }
        if (!Arrays.equals(next, repeated)) {
            return DIFFERENT;
        }
        if (Arrays.equals(current, next)) {
            return SAME;
        }
        return null;
    }

    private void finished(Throwable failure) {
        busy.set(false);
        progress.set("");
        if (failure == null) {
            changed.set(true);
            notice.set(CHANGED);
            return;
        }
        LOG.info("Changing the passphrase failed: {}", failure.toString());
        error.set(sentence(failure));
    }

    private static String sentence(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? UNEXPECTED : message;
    }

    private static void wipe(char[] passphrase) {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
