package chat.mz.ui.chats;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's settings: its end-to-end encryption (switched by the owner; turning it off is confirmed
 * first, saying what it means), how often its room key is replaced and whether newcomers read
 * earlier messages (the owner), replacing the key now (anyone), the key's number, age and next
 * replacement, the members with their roles and devices, join requests to decide, inviting,
 * removing and leaving. It reloads whenever the account reports a change to the group.
 *
 * <p>Every {@link ChatAccount} call runs off the UI thread; failures are said in plain words in
 * {@link #errorProperty()}. The homeserver decides who may do what: a member who is not the owner
 * is told so. Call the public methods on the UI thread.
 */
public final class GroupSettingsViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSettingsViewModel.class);

    private final ChatAccount account;
    private final Calls calls;
    private final KeyText keyText;
    private final String conversationId;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper owner = new ReadOnlyBooleanWrapper(this, "owner", false);
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    private final ReadOnlyBooleanWrapper encrypted = new ReadOnlyBooleanWrapper(this, "encrypted", false);
    private final ReadOnlyBooleanWrapper newMembersRead = new ReadOnlyBooleanWrapper(this, "newMembersRead", false);
    private final ReadOnlyObjectWrapper<KeyRotation> rotation = new ReadOnlyObjectWrapper<>(this, "rotation");
    private final ReadOnlyStringWrapper keyNumber = new ReadOnlyStringWrapper(this, "keyNumber", "");
    private final ReadOnlyStringWrapper keyAge = new ReadOnlyStringWrapper(this, "keyAge", "");
    private final ReadOnlyStringWrapper nextRotation = new ReadOnlyStringWrapper(this, "nextRotation", "");
    private final ReadOnlyBooleanWrapper confirmingTurnOff = new ReadOnlyBooleanWrapper(this, "confirmingTurnOff");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private final StringProperty inviteName = new SimpleStringProperty(this, "inviteName", "");
    private final ObservableList<MemberRow> members = FXCollections.observableArrayList();
    private final ObservableList<MemberRow> readOnlyMembers = FXCollections.unmodifiableObservableList(members);
    private final ObservableList<ChatRequest> joinRequests = FXCollections.observableArrayList();
    private final ObservableList<ChatRequest> readOnlyJoinRequests =
            FXCollections.unmodifiableObservableList(joinRequests);

    // UI thread only
    private AutoCloseable listening;
    private boolean loading;
    private boolean again;
    private boolean closed;

    GroupSettingsViewModel(ChatAccount account, Calls calls, Clock clock, String conversationId) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.keyText = new KeyText(clock);
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
    }

    public String conversationId() {
        return conversationId;
    }

    /** Starts following the group's changes and loads its settings. */
    public void start() {
        if (listening == null && !closed) {
            listening = account.listen(change -> calls.ui(() -> changed(change)));
        }
        load();
    }

    /** Stops following the group. */
    @Override
    public void close() {
        closed = true;
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("Stopping listening failed", e);
            }
            listening = null;
        }
    }

    // ---- what is shown

    /** "Settings of Climbing". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** True once the settings have been loaded at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while a change is being made. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** This account owns the group: encryption and the key settings can be changed. */
    public ReadOnlyBooleanProperty ownerProperty() {
        return owner.getReadOnlyProperty();
    }

    /** This account is still in the group. */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** The group's end-to-end encryption is on. */
    public ReadOnlyBooleanProperty encryptedProperty() {
        return encrypted.getReadOnlyProperty();
    }

    /** Newcomers can read the messages written before they came. */
    public ReadOnlyBooleanProperty newMembersReadProperty() {
        return newMembersRead.getReadOnlyProperty();
    }

    /** How often the key is replaced; null for a period none of the choices has. */
    public ReadOnlyObjectProperty<KeyRotation> rotationProperty() {
        return rotation.getReadOnlyProperty();
    }

    /** "Key 3". */
    public ReadOnlyStringProperty keyNumberProperty() {
        return keyNumber.getReadOnlyProperty();
    }

    /** "Made 5 minutes ago". */
    public ReadOnlyStringProperty keyAgeProperty() {
        return keyAge.getReadOnlyProperty();
    }

    /** "Next replacement due 29 Nov at 14:05", or when else a new key is made. */
    public ReadOnlyStringProperty nextRotationProperty() {
        return nextRotation.getReadOnlyProperty();
    }

    /** The owner asked to turn encryption off and has yet to confirm. */
    public ReadOnlyBooleanProperty confirmingTurnOffProperty() {
        return confirmingTurnOff.getReadOnlyProperty();
    }

    /** What turning encryption off means, for the confirmation. */
    public String turnOffConsequence() {
        return "Messages sent from now on will not be end-to-end encrypted: the homeserver, and anyone who"
                + " gets into it, can read them. Earlier messages stay encrypted. Every member will see that"
                + " you turned it off.";
    }

    /** What went wrong last, in plain words; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last change did ("The group is now on key 4."); empty otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True once this account has left the group: the settings close. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    /** The username to invite. */
    public StringProperty inviteNameProperty() {
        return inviteName;
    }

    /** The members, by username. */
    public ObservableList<MemberRow> members() {
        return readOnlyMembers;
    }

    /** People asking to join, for the owner to decide. */
    public ObservableList<ChatRequest> joinRequests() {
        return readOnlyJoinRequests;
    }

    // ---- what the user does

    /** Asks for encryption on or off; turning it off waits for {@link #confirmTurnOff()}. */
    public void requestEncryption(boolean on) {
        if (on == encrypted.get() || busy.get()) {
            return;
        }
        if (on) {
            act(() -> account.setEncryption(conversationId, true), "Turning encryption on",
                    v -> "End-to-end encryption is on.");
        } else {
            error.set("");
            confirmingTurnOff.set(true);
        }
    }

    /** The user confirmed turning encryption off. */
    public void confirmTurnOff() {
        if (!confirmingTurnOff.get()) {
            return;
        }
        confirmingTurnOff.set(false);
        act(() -> account.setEncryption(conversationId, false), "Turning encryption off",
                v -> "End-to-end encryption is off.");
    }

    /** The user kept encryption on. */
    public void cancelTurnOff() {
        confirmingTurnOff.set(false);
    }

    /** Chooses how often the key is replaced. */
    public void chooseRotation(KeyRotation chosen) {
        if (chosen == null || chosen == rotation.get()) {
            return;
        }
        act(() -> account.keySettings(conversationId, chosen.period(), null), "Changing the key schedule",
                v -> "The key is now replaced " + chosen.toString().toLowerCase(Locale.ENGLISH) + ".");
    }

    /** Lets newcomers read earlier messages, or not. */
    public void setNewMembersRead(boolean allowed) {
        if (allowed == newMembersRead.get()) {
            return;
        }
        act(() -> account.keySettings(conversationId, null, allowed), "Changing who reads earlier messages",
                v -> allowed ? "New members can read earlier messages." : "New members read only what comes after"
                        + " they join.");
    }

    /** Replaces the room key now. */
    public void rotateNow() {
        act(() -> account.rotateKey(conversationId), "Replacing the key",
                number -> "The group is now on key " + number + ".");
    }

    /** Invites the username typed. */
    public void invite() {
        String typed = inviteName.get() == null ? "" : inviteName.get().strip();
        String username = typed.startsWith("@") ? typed.substring(1) : typed;
        if (username.isEmpty()) {
            error.set("Type the username of the person to invite.");
            return;
        }
        act(() -> account.invite(conversationId, username), "Inviting " + username, v -> {
            inviteName.set("");
            return username + " is invited.";
        });
    }

    /** Removes a member (the owner only). */
    public void remove(MemberRow member) {
        act(() -> account.remove(conversationId, member.userId()), "Removing " + member.username(),
                v -> member.username() + " is no longer in the group.");
    }

    /** Leaves the group; the settings close. */
    public void leave() {
        act(() -> account.leave(conversationId), "Leaving the group", v -> {
            done.set(true);
            return "You left the group.";
        });
    }

    /** Lets someone who asked to join in. */
    public void approve(ChatRequest request) {
        act(() -> account.approve(request), "Approving " + request.username(),
                v -> request.username() + " is in the group.");
    }

    /** Turns down someone who asked to join. */
    public void deny(ChatRequest request) {
        act(() -> account.refuse(request), "Denying " + request.username(), v -> "");
    }

    /** Loads the settings and the join requests again; loads never overlap. */
    public void load() {
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        calls.run(() -> account.groupSettings(conversationId).thenCombine(account.requests(), Loaded::new),
                (found, failure) -> {
                    loading = false;
                    if (failure != null) {
                        error.set("The group's settings could not be loaded: " + Calls.sentence(failure));
                    } else {
                        show(found.settings(), found.requests().stream().filter(r -> r.kind()
                                == ChatRequest.Kind.JOIN_REQUEST && r.conversationId().equals(conversationId)).toList());
                    }
                    if (again && !closed) {
                        again = false;
                        load();
                    }
                });
    }

    private record Loaded(GroupSettings settings, List<ChatRequest> requests) {
    }

    private void show(GroupSettings settings, List<ChatRequest> requests) {
        title.set(settings.name().isBlank() ? "Group settings" : "Settings of " + settings.name());
        owner.set(settings.owner());
        active.set(settings.active());
        encrypted.set(settings.encrypted());
        newMembersRead.set(settings.newMembersReadHistory());
        rotation.set(KeyRotation.of(settings.rotation()));
        keyNumber.set(keyText.number(settings));
        keyAge.set(keyText.age(settings));
        nextRotation.set(keyText.nextRotation(settings));
        members.setAll(settings.members().stream().map(m -> MemberRow.of(m, settings.owner())).toList());
        joinRequests.setAll(settings.owner() ? requests : List.of());
        if (!settings.stale().isEmpty() && error.get().isEmpty()) {
            error.set(settings.stale());
        }
        loaded.set(true);
    }

    private <T> void act(Supplier<CompletionStage<T>> call, String what, Function<T, String> then) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        notice.set("");
        calls.run(call, (value, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set(what + " did not work: " + Calls.sentence(failure));
            } else {
                notice.set(then.apply(value));
            }
            if (!done.get()) {
                load();
            }
        });
    }

    private void changed(ChatChange change) {
        if (closed) {
            return;
        }
        boolean ours = !(change instanceof ChatChange.Messages messages)
                || messages.conversationId().equals(conversationId) && messages.items().stream()
                        .anyMatch(MessageItem::system);
        if (ours) {
            load();
        }
    }
}
