package chat.mz.ui.chats;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chats section as a whole: the conversation list, the open conversation, the composer and
 * search, kept in step with each other and with the account's changes as they arrive.
 *
 * <p>The {@link ChatAccount} is called on the {@code background} executor, never on the UI thread;
 * every property and list changes only on the {@code uiThread} executor. Call the public methods on
 * the UI thread.
 */
public final class ChatsViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatsViewModel.class);

    private final ChatAccount account;
    private final Calls calls;
    private final ConversationListViewModel list;
    private final MessageListViewModel messages;
    private final ComposerViewModel composer;
    private final SearchViewModel search;
    private final KeyChangeBannerViewModel keyChanges;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyBooleanWrapper groupOpen = new ReadOnlyBooleanWrapper(this, "groupOpen", false);
    private final Clock clock;
    private AutoCloseable listening;

    /**
     * @param account    the account's conversations
     * @param uiThread   runs on the JavaFX thread ({@code Platform::runLater} in the app)
     * @param background runs the account's calls off the UI thread
     * @param clock      its zone decides the times and days shown
     */
    public ChatsViewModel(ChatAccount account, Executor uiThread, Executor background, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = new Calls(Objects.requireNonNull(uiThread, "uiThread"),
                Objects.requireNonNull(background, "background"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.list = new ConversationListViewModel(account, calls, clock);
        this.messages = new MessageListViewModel(account, calls, clock);
        this.composer = new ComposerViewModel(account, calls);
        this.search = new SearchViewModel(account, calls, clock);
        this.keyChanges = new KeyChangeBannerViewModel(account, calls);
        list.onOpen(this::open);
        search.onOpen(this::openAt);
        search.names(list::nameOf);
        composer.onWritten(messages::written);
        list.selectedProperty().addListener((obs, old, row) -> {
            if (row != null && row.id().equals(messages.conversationIdProperty().get())) {
                title.set(row.name());
                messages.setEncrypted(row.encrypted());
                groupOpen.set(!row.direct());
                composer.target(row.id(), row.name(), row.active(), row.encrypted());
            }
        });
    }

    /** Starts following the account's changes and loads the list. */
    public void start() {
        if (listening == null) {
            listening = account.listen(change -> calls.ui(() -> changed(change)));
        }
        list.refresh();
    }

    public ConversationListViewModel list() {
        return list;
    }

    /** The warning shown while a member of the open conversation has a changed identity key. */
    public KeyChangeBannerViewModel keyChanges() {
        return keyChanges;
    }

    public MessageListViewModel messages() {
        return messages;
    }

    public ComposerViewModel composer() {
        return composer;
    }

    public SearchViewModel search() {
        return search;
    }

    /** The open conversation's name; empty when none is open. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** True while the open conversation is a group: it has settings. */
    public ReadOnlyBooleanProperty groupOpenProperty() {
        return groupOpen.getReadOnlyProperty();
    }

    /** A fresh settings model for the open group; null when no group is open. */
    public GroupSettingsViewModel groupSettings() {
        String id = messages.conversationIdProperty().get();
        return id == null || !groupOpen.get() ? null : new GroupSettingsViewModel(account, calls, clock, id);
    }

    /** Opens a conversation at its newest message. */
    public void open(String conversationId) {
        if (conversationId == null || conversationId.isEmpty()) {
            return;
        }
        messages.open(conversationId, isGroup(conversationId));
        target(conversationId);
    }

    /** Opens a search result's conversation scrolled to that message, highlighted. */
    public void openAt(SearchResult result) {
        messages.openAt(result.conversationId(), isGroup(result.conversationId()), result.messageId(),
                result.seq());
        target(result.conversationId());
    }

    /** Whether the section is on screen: arriving messages are marked read only then. */
    public void setShowing(boolean showing) {
        messages.setShowing(showing);
    }

    /** A fresh New chat dialog's model; the chat it opens is opened here. */
    public NewChatViewModel newChat() {
        NewChatViewModel dialog = new NewChatViewModel(account, calls);
        dialog.onOpen(this::openFresh);
        return dialog;
    }

    /** A fresh New group dialog's model; the group it creates is opened here. */
    public NewGroupViewModel newGroup() {
        NewGroupViewModel dialog = new NewGroupViewModel(account, calls);
        dialog.onOpen(this::openFresh);
        return dialog;
    }

    /** Stops following the account. */
    @Override
    public void close() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("Stopping listening failed", e);
            }
            listening = null;
        }
    }

    private void openFresh(String conversationId) {
        search.clear();
        open(conversationId);
        list.refresh();
    }

    private void target(String conversationId) {
        list.select(conversationId);
        String name = list.nameOf(conversationId);
        title.set(name);
        messages.setEncrypted(list.isEncrypted(conversationId));
        groupOpen.set(isGroup(conversationId));
        composer.target(conversationId, name, list.isActive(conversationId), list.isEncrypted(conversationId));
        keyChanges.show(conversationId);
    }

    private boolean isGroup(String conversationId) {
        ConversationRow row = list.rows().stream().filter(r -> r.id().equals(conversationId)).findFirst()
                .orElse(null);
        return row == null || !row.direct();
    }

    private void changed(ChatChange change) {
        if (change instanceof ChatChange.Messages arrived) {
            messages.apply(arrived);
        }
        list.refresh();
    }
}
