package chat.mz.ui.chats;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the user is writing in the open conversation. Sending stores the message at once (it shows
 * as pending, also offline) and empties the field; an empty text does nothing, and a text that is
 * too long says so and stays.
 *
 * <p>Call the public methods on the UI thread.
 */
public final class ComposerViewModel {
    private final ChatAccount account;
    private final Calls calls;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper enabled = new ReadOnlyBooleanWrapper(this, "enabled", false);
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private Consumer<MessageItem> written = item -> { };
    private String conversationId;

    ComposerViewModel(ChatAccount account, Calls calls) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        // an over-long text is said at once, not only when Enter is pressed; an empty one says nothing
        text.addListener((obs, old, now) -> problem.set(now == null || now.isBlank() ? ""
                : Objects.requireNonNullElse(account.textProblem(now), "")));
    }

    /** The text being written; bind it to the field. */
    public StringProperty textProperty() {
        return text;
    }

    /** Why the text cannot be sent (too long, not saved); empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** False when no conversation is open or this account can no longer write in it. */
    public ReadOnlyBooleanProperty enabledProperty() {
        return enabled.getReadOnlyProperty();
    }

    /** "Message Ada", or why the field is disabled. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    void onWritten(Consumer<MessageItem> written) {
        this.written = Objects.requireNonNull(written, "written");
    }

    /** Points the composer at a conversation; the text written for another one is dropped. */
    void target(String id, String name, boolean active) {
        if (!Objects.equals(id, conversationId)) {
            text.set("");
        }
        conversationId = id;
        enabled.set(id != null && active);
        placeholder.set(id == null ? "" : active ? "Message " + name : "You are no longer in this conversation.");
    }

    /** Sends the text; does nothing when it is empty, says why when it is too long. */
    public void send() {
        String now = text.get();
        if (conversationId == null || !enabled.get() || now == null || now.isBlank()) {
            return;
        }
        String why = account.textProblem(now);
        if (why != null) {
            problem.set(why);
            return;
        }
        String id = conversationId;
        text.set("");
        calls.run(() -> account.send(id, now), (item, failure) -> {
            if (failure != null) {
                // nothing was stored: give the text back rather than lose it
                if (id.equals(conversationId) && text.get().isEmpty()) {
                    text.set(now);
                }
                problem.set("The message could not be saved: " + Calls.sentence(failure));
            } else {
                written.accept(item);
            }
        });
    }
}
