package chat.mz.ui.onboarding;

import chat.mz.client.identity.AccountCreator;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-run wizard: where the account lives (the homeserver embedded on this computer, or one at
 * an address), its username, and its passphrase typed twice. It never holds the passphrase: the view
 * reports the fields' characters as they change (for the strength and match hints) and hands a
 * {@code char[]} to {@link #submit}, which wipes it. The slow work runs elsewhere; the results
 * arrive on {@code uiThread}.
 */
public final class FirstRunViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(FirstRunViewModel.class);
    static final String PASSPHRASES_DIFFER = "The two passphrases differ.";
    static final String ADDRESS_PROBLEM = "A homeserver's address looks like wss://chat.example.org or ws://host:port.";
    static final String CREATING = "Creating your keys…";

    /** Creates the account; off the UI thread. */
    @FunctionalInterface
    public interface AccountCreation {
        /**
         * @param homeserver where the account lives; empty for the homeserver embedded on this computer
         * @param passphrase copied before this returns: the caller wipes it right after
         * @param progress   told what is happening, from any thread
         */
        CompletableFuture<?> create(Optional<URI> homeserver, String username, char[] passphrase,
                                    Consumer<String> progress);
    }

    private final AccountCreation creation;
    private final Executor uiThread;
    private final Runnable onCreated;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final BooleanProperty embedded = new SimpleBooleanProperty(this, "embedded", true);
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ReadOnlyObjectWrapper<PassphraseStrength> strength = new ReadOnlyObjectWrapper<>(this, "strength",
            PassphraseStrength.EMPTY);
    private final ReadOnlyStringWrapper matchHint = new ReadOnlyStringWrapper(this, "matchHint", "");
    private final ReadOnlyBooleanWrapper matching = new ReadOnlyBooleanWrapper(this, "matching", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final StringBinding usernameHint;
    private final StringBinding addressHint;
    private final BooleanBinding canSubmit;

    /**
     * @param suggested a homeserver to offer instead of the embedded one (from the settings), if any
     * @param onCreated run on {@code uiThread} once the account exists
     */
    public FirstRunViewModel(AccountCreation creation, Executor uiThread, Optional<URI> suggested, Runnable onCreated) {
        this.creation = Objects.requireNonNull(creation, "creation");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.onCreated = Objects.requireNonNull(onCreated, "onCreated");
        suggested.ifPresent(uri -> {
            embedded.set(false);
            address.set(uri.toString());
        });
        usernameHint = Bindings.createStringBinding(() -> {
            String typed = username.get();
            String problem = typed == null || typed.isBlank() ? null : AccountCreator.usernameProblem(typed);
            return problem == null ? "" : problem;
        }, username);
        addressHint = Bindings.createStringBinding(() -> embedded.get() || address.get().isBlank()
                || homeserverUri().isPresent() ? "" : ADDRESS_PROBLEM, embedded, address);
        canSubmit = Bindings.createBooleanBinding(() -> !busy.get()
                && AccountCreator.usernameProblem(username.get()) == null
                && strength.get().acceptable() && matching.get()
                && (embedded.get() || homeserverUri().isPresent()), busy, username, strength, matching, embedded, address);
    }

    public StringProperty usernameProperty() {
        return username;
    }

    /** True: the homeserver embedded on this computer; false: the one at {@link #addressProperty()}. */
    public BooleanProperty embeddedProperty() {
        return embedded;
    }

    public StringProperty addressProperty() {
        return address;
    }

    /** Why the username cannot be used; empty while it can, or while nothing is typed. */
    public StringBinding usernameHintBinding() {
        return usernameHint;
    }

    public StringBinding addressHintBinding() {
        return addressHint;
    }

    public ReadOnlyObjectProperty<PassphraseStrength> strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    /** "The two passphrases differ." while the repetition is typed and is not the same. */
    public ReadOnlyStringProperty matchHintProperty() {
        return matchHint.getReadOnlyProperty();
    }

    /** What went wrong on the last attempt, in plain words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What is happening while {@link #busyProperty()} is true ("Creating your keys…"). */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canSubmitBinding() {
        return canSubmit;
    }

    /** The passphrase fields changed; neither is kept. */
    public void passphraseChanged(CharSequence passphrase, CharSequence repeated) {
        strength.set(PassphraseStrength.of(passphrase));
        matching.set(passphrase.length() > 0 && Passphrases.same(passphrase, repeated));
        matchHint.set(repeated.length() > 0 && !matching.get() ? PASSPHRASES_DIFFER : "");
    }

    /**
     * Creates the account if everything is in order; wipes both arrays before returning, whatever happens.
     *
     * @return whether the creation started
     */
    public boolean submit(char[] passphrase, char[] repeated) {
        try {
            passphraseChanged(java.nio.CharBuffer.wrap(passphrase), java.nio.CharBuffer.wrap(repeated));
            if (!canSubmit.get()) {
                return false;
            }
            busy.set(true);
            error.set("");
            progress.set(CREATING);
            CompletableFuture<?> created;
            try {
                created = creation.create(embedded.get() ? Optional.empty() : homeserverUri(), username.get().strip(),
                        passphrase, this::reportProgress);
            } catch (RuntimeException e) {
                created = CompletableFuture.failedFuture(e);
            }
            created.whenComplete((result, failure) -> uiThread.execute(() -> finished(failure)));
            return true;
        } finally {
            Passphrases.wipe(passphrase);
            Passphrases.wipe(repeated);
        }
    }

    private void reportProgress(String text) {
        uiThread.execute(() -> {
            if (busy.get()) {
                progress.set(text);
            }
        });
    }

    private void finished(Throwable failure) {
        busy.set(false);
        progress.set("");
        if (failure == null) {
            onCreated.run();
            return;
        }
        LOG.warn("Creating the account failed", failure);
        error.set(Problems.sentence(failure));
    }

    private Optional<URI> homeserverUri() {
        String typed = address.get() == null ? "" : address.get().strip();
        try {
            URI uri = new URI(typed);
            boolean websocket = "ws".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme());
            return websocket && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
