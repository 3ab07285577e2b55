package chat.mz.ui.onboarding;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unlock screen: greets the account by name and opens its keystore with the passphrase. A wrong
 * passphrase shows the keystore's own sentence ("The passphrase is wrong. Nothing was changed.") and
 * leaves everything as it was. The passphrase arrives as a {@code char[]} that {@link #submit} wipes.
 */
public final class UnlockViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(UnlockViewModel.class);
    static final String UNLOCKING = "Unlocking…";
    static final String EMPTY_PASSPHRASE = "Type your passphrase.";

    private final Function<char[], CompletableFuture<?>> unlocking;
    private final Executor uiThread;
    private final Runnable onUnlocked;
    private final String greeting;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    /**
     * @param unlocking  opens the keystore off the UI thread; copies the passphrase before it returns
     * @param usernameOrNull the account's name, to greet; null if the account file cannot be read
     * @param onUnlocked run on {@code uiThread} once unlocked
     */
    public UnlockViewModel(Function<char[], CompletableFuture<?>> unlocking, Executor uiThread, String usernameOrNull,
                           Runnable onUnlocked) {
        this.unlocking = Objects.requireNonNull(unlocking, "unlocking");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.onUnlocked = Objects.requireNonNull(onUnlocked, "onUnlocked");
        this.greeting = usernameOrNull == null ? "Welcome back" : "Welcome back, " + usernameOrNull;
    }

    /** "Welcome back, ada". */
    public String greeting() {
        return greeting;
    }

    /** What went wrong on the last attempt, in plain words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Unlocks with {@code passphrase}, which is wiped before this returns, whatever happens.
     *
     * @return whether unlocking started
     */
    public boolean submit(char[] passphrase) {
        try {
            if (busy.get()) {
                return false;
            }
            if (passphrase.length == 0) {
                error.set(EMPTY_PASSPHRASE);
                return false;
            }
            busy.set(true);
            error.set("");
            progress.set(UNLOCKING);
            CompletableFuture<?> unlocked;
            try {
                unlocked = unlocking.apply(passphrase);
            } catch (RuntimeException e) {
                unlocked = CompletableFuture.failedFuture(e);
            }
            unlocked.whenComplete((result, failure) -> uiThread.execute(() -> finished(failure)));
            return true;
        } finally {
            Passphrases.wipe(passphrase);
        }
    }

    private void finished(Throwable failure) {
        busy.set(false);
        progress.set("");
        if (failure == null) {
            onUnlocked.run();
            return;
        }
        LOG.info("Unlocking failed: {}", failure.toString());
        error.set(Problems.sentence(failure));
    }
}
