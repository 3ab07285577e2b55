package chat.mz.ui.chats;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * What the user is writing in the open conversation. Sending stores the message at once (it shows
 * as pending, also offline) and empties the field; an empty text does nothing, and a text that is
 * too long says so and stays. In a conversation whose end-to-end encryption is on, a toggle (on by
 * default) lets one message go in the clear.
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
    private final ReadOnlyBooleanWrapper encryptedConversation = new ReadOnlyBooleanWrapper(this,
            "encryptedConversation", false);
    private final BooleanProperty encrypt = new SimpleBooleanProperty(this, "encrypt", true);
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

    /** True when the open conversation's encryption is on: only then is there a toggle. */
    public ReadOnlyBooleanProperty encryptedConversationProperty() {
        return encryptedConversation.getReadOnlyProperty();
    }

    /**
     * Whether the next message is end-to-end encrypted; meaningful only in an encrypted conversation.
     * It is back on after every message sent, and when another conversation is opened.
     */
    public BooleanProperty encryptProperty() {
        return encrypt;
    }

    void onWritten(Consumer<MessageItem> written) {
        this.written = Objects.requireNonNull(written, "written");
    }

    /** Points the composer at a plain conversation; the text written for another one is dropped. */
    void target(String id, String name, boolean active) {
        target(id, name, active, false);
    }

    /** Points the composer at a conversation; the text written for another one is dropped. */
    void target(String id, String name, boolean active, boolean encrypted) {
        if (!Objects.equals(id, conversationId)) {
            text.set("");
            encrypt.set(true);
        }
        encryptedConversation.set(id != null && encrypted);
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
        // only an explicit choice in an encrypted conversation overrides what the conversation says
        Boolean sealed = encryptedConversation.get() ? encrypt.get() : null;
        text.set("");
        // Sending in the clear is a one-off, as Signal and Element users would expect of anything that
        // lowers protection: the toggle is back on after each message, so forgetting it never leaks
        // what is written next.
        encrypt.set(true);
        calls.run(() -> sealed == null ? account.send(id, now) : account.send(id, now, sealed), (item, failure) -> {
            if (failure != null) {
                // nothing was stored: give the text back rather than lose it
                if (id.equals(conversationId) && text.get().isEmpty()) {
                    text.set(now);
                    encrypt.set(sealed == null || sealed);
                }
                problem.set("The message could not be saved: " + Calls.sentence(failure));
            } else {
                written.accept(item);
            }
        });
    }
}
