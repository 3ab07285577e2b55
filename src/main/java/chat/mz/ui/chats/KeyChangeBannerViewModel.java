package chat.mz.ui.chats;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The warning above a conversation when a member's identity key is not the one first seen for them:
 * who, what it can mean, the safety number to compare, and trusting the new key once compared. It
 * stays on every time the conversation is opened until then, so a change is never missed.
 *
 * <p>Call the public methods on the UI thread.
 */
public final class KeyChangeBannerViewModel {
    private final ChatAccount account;
    private final Calls calls;
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing", false);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper safetyNumber = new ReadOnlyStringWrapper(this, "safetyNumber", "");
    private final ReadOnlyStringWrapper trustText = new ReadOnlyStringWrapper(this, "trustText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private String conversationId;
    private KeyChange first;

    KeyChangeBannerViewModel(ChatAccount account, Calls calls) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Checks the members of the conversation just opened (null for none) and shows what changed. */
    public void show(String conversationId) {
        this.conversationId = conversationId;
        error.set("");
        if (conversationId == null) {
            apply(List.of());
            return;
        }
        calls.run(() -> account.keyChanges(conversationId), (changes, failure) -> {
            if (!conversationId.equals(this.conversationId)) {
                return;
            }
            if (failure != null) {
                // a banner about a failed check would be noise: the next opening checks again
                return;
            }
            apply(changes);
        });
    }

    /** The user compared the safety number: trust the first listed member's new key. */
    public void trust() {
        KeyChange change = first;
        String conversation = conversationId;
        if (change == null || busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        calls.run(() -> account.trustKey(change.userId()), (ignored, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set(Calls.sentence(failure));
                return;
            }
            if (Objects.equals(conversation, conversationId)) {
                show(conversation);
            }
        });
    }

    private void apply(List<KeyChange> changes) {
        first = changes.isEmpty() ? null : changes.get(0);
        showing.set(first != null);
        if (first == null) {
            headline.set("");
            detail.set("");
            safetyNumber.set("");
            trustText.set("");
            return;
        }
        String name = first.username();
        headline.set(changes.size() == 1 ? name + "'s identity key has changed."
                : "The identity keys of " + names(changes) + " have changed.");
        detail.set("This happens when someone reinstalls mzchat or sets up a new computer, but it can also mean "
                + "that someone is listening in. Before you share anything private, compare this safety number "
                + "with " + name + "'s, in person or on a call.");
        safetyNumber.set(first.safetyNumber());
        trustText.set("I compared it, trust " + name + "'s new key");
    }

    private static String names(List<KeyChange> changes) {
        List<String> names = changes.stream().map(KeyChange::username).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** True while a member of the open conversation has a changed key. */
    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** Whose key changed, in one sentence. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** What a change can mean and what to do about it. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The safety number with the first member listed. */
    public ReadOnlyStringProperty safetyNumberProperty() {
        return safetyNumber.getReadOnlyProperty();
    }

    /** The label of {@link #trust()}, naming whose key it trusts. */
    public ReadOnlyStringProperty trustTextProperty() {
        return trustText.getReadOnlyProperty();
    }

    /** Why trusting failed; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while trusting. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
