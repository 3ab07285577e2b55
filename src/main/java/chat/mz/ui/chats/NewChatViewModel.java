package chat.mz.ui.chats;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The New chat dialog: a username is looked up and its identity key checked, the safety number is
 * shown (with a warning when the key changed since last time), and then the 1:1 chat is opened,
 * created if there is none. The primary action does whichever step comes next.
 *
 * <p>Call the public methods on the UI thread.
 */
public final class NewChatViewModel {
    private final ChatAccount account;
    private final Calls calls;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final ReadOnlyObjectWrapper<CheckedContact> found = new ReadOnlyObjectWrapper<>(this, "found");
    private final ReadOnlyStringWrapper keyNote = new ReadOnlyStringWrapper(this, "keyNote", "");
    private final ReadOnlyBooleanWrapper keyChanged = new ReadOnlyBooleanWrapper(this, "keyChanged", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper actionText = new ReadOnlyStringWrapper(this, "actionText", "Look up");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private Consumer<String> opener = id -> { };

    NewChatViewModel(ChatAccount account, Calls calls) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        username.addListener((obs, old, now) -> {
            // another name: what was found no longer answers it
            if (found.get() != null && !found.get().username().equalsIgnoreCase(now.strip())) {
                found.set(null);
                keyNote.set("");
                keyChanged.set(false);
                actionText.set("Look up");
            }
            error.set("");
        });
    }

    /** The username typed. */
    public StringProperty usernameProperty() {
        return username;
    }

    /** The person looked up, or null. */
    public ReadOnlyObjectProperty<CheckedContact> foundProperty() {
        return found.getReadOnlyProperty();
    }

    /** What the key check found, in words. */
    public ReadOnlyStringProperty keyNoteProperty() {
        return keyNote.getReadOnlyProperty();
    }

    /** True when their key is not the one seen before: show {@link #keyNoteProperty()} as a warning. */
    public ReadOnlyBooleanProperty keyChangedProperty() {
        return keyChanged.getReadOnlyProperty();
    }

    /** Why the lookup or opening failed; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while waiting for the homeserver. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** "Look up" or "Open chat": what {@link #next()} does. */
    public ReadOnlyStringProperty actionTextProperty() {
        return actionText.getReadOnlyProperty();
    }

    /** True once the chat is open: the dialog closes. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    void onOpen(Consumer<String> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Looks the user up, or, once found, opens the chat with them. */
    public void next() {
        if (busy.get()) {
            return;
        }
        if (found.get() == null) {
            lookUp();
        } else {
            open(found.get());
        }
    }

    private void lookUp() {
        String name = username.get() == null ? "" : username.get().strip();
        if (name.isEmpty()) {
            error.set("Type the username of the person you want to write to.");
            return;
        }
        busy.set(true);
        error.set("");
        calls.run(() -> account.lookUp(name), (contact, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set(Calls.sentence(failure));
                return;
            }
            found.set(contact);
            keyChanged.set(contact.keyCheck() == CheckedContact.KeyCheck.CHANGED);
            keyNote.set(switch (contact.keyCheck()) {
                case FIRST_SEEN -> "New contact. Compare the safety number with " + contact.username()
                        + " to be sure nobody is in between.";
                case SAME -> "Same identity key as before.";
                case CHANGED -> contact.username() + "'s identity key has changed since you last saw it. This "
                        + "happens when they set up mzchat again, or when someone is in between: compare the "
                        + "safety number with them before you write anything private.";
            });
            actionText.set("Open chat");
        });
    }

    private void open(CheckedContact contact) {
        busy.set(true);
        error.set("");
        calls.run(() -> account.openDirect(contact.userId()), (id, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set("The chat could not be opened: " + Calls.sentence(failure));
                return;
            }
            done.set(true);
            opener.accept(id);
        });
    }
}
