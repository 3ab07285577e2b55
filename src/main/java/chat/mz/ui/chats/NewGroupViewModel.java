package chat.mz.ui.chats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The New group dialog: a name, the usernames of the first members (separated by commas or
 * spaces) and whether it is end-to-end encrypted (on by default); creating it checks every member's
 * identity key, makes this account the owner, and opens the group.
 *
 * <p>Call the public methods on the UI thread.
 */
public final class NewGroupViewModel {
    static final int MAX_NAME = 64;

    private final ChatAccount account;
    private final Calls calls;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty members = new SimpleStringProperty(this, "members", "");
    // on unless the person chooses otherwise: a group's messages are nobody else's business
    private final BooleanProperty encrypted = new SimpleBooleanProperty(this, "encrypted", true);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private Consumer<String> opener = id -> { };

    NewGroupViewModel(ChatAccount account, Calls calls) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        name.addListener((obs, old, now) -> error.set(""));
        members.addListener((obs, old, now) -> error.set(""));
    }

    /** The group's name. */
    public StringProperty nameProperty() {
        return name;
    }

    /** The first members' usernames, separated by commas or spaces. */
    public StringProperty membersProperty() {
        return members;
    }

    /** Whether the group is end-to-end encrypted from the start; on by default. */
    public BooleanProperty encryptedProperty() {
        return encrypted;
    }

    /** Why the group could not be created; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while the group is being created. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once the group exists and is open: the dialog closes. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    void onOpen(Consumer<String> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The usernames typed, each once, in order. */
    List<String> usernames() {
        String typed = members.get() == null ? "" : members.get();
        return Arrays.stream(typed.split("[,;\\s]+")).map(String::strip)
                .map(s -> s.startsWith("@") ? s.substring(1) : s).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Creates the group and opens it. */
    public void create() {
        if (busy.get()) {
            return;
        }
        String groupName = name.get() == null ? "" : name.get().strip();
        if (groupName.isEmpty()) {
            error.set("Give the group a name.");
            return;
        }
        if (groupName.length() > MAX_NAME) {
            error.set("A group's name has at most " + MAX_NAME + " characters.");
            return;
        }
        List<String> usernames = usernames();
        busy.set(true);
        error.set("");
        boolean sealed = encrypted.get();
        calls.run(() -> account.createGroup(groupName, usernames, sealed), (id, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set("The group could not be created: " + Calls.sentence(failure));
                return;
            }
            done.set(true);
            opener.accept(id);
        });
    }
}
