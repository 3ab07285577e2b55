package chat.mz.ui.chats;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The conversation list: invitations and join requests first, each with its two answers, then the
 * conversations by activity with preview, time and unread count. It reloads whenever the account
 * says something changed; loads never overlap, and a change during one makes one more.
 *
 * <p>Call the public methods on the UI thread; properties and lists change only there.
 */
public final class ConversationListViewModel {
    private final ChatAccount account;
    private final Calls calls;
    private final ChatTimes times;
    private final ObservableList<ConversationRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ConversationRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<RequestRow> requests = FXCollections.observableArrayList();
    private final ObservableList<RequestRow> readOnlyRequests = FXCollections.unmodifiableObservableList(requests);
    private final ReadOnlyObjectWrapper<ConversationRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private Consumer<String> opener = id -> { };

    // UI thread only
    private final Set<String> answering = new HashSet<>();
    private List<ChatRequest> shownRequests = List.of();
    private String openId;
    private boolean loading;
    private boolean again;

    ConversationListViewModel(ChatAccount account, Calls calls, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        this.times = new ChatTimes(clock);
    }

    /** The conversations, the newest activity first. */
    public ObservableList<ConversationRow> rows() {
        return readOnlyRows;
    }

    /** Invitations and join requests waiting for an answer. */
    public ObservableList<RequestRow> requests() {
        return readOnlyRequests;
    }

    /** The open conversation's row, or null. */
    public ReadOnlyObjectProperty<ConversationRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** What went wrong last, as a sentence; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True once the list has been loaded at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Who opens a conversation when one is chosen here or an invitation is accepted. */
    void onOpen(Consumer<String> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The user chose a conversation. */
    public void choose(ConversationRow row) {
        if (row != null && (selected.get() == null || !selected.get().id().equals(row.id()))) {
            opener.accept(row.id());
        }
    }

    /**
     * Opens the conversation {@code step} places below the open one in the list (above, for a
     * negative step), going round at either end; with none open, the first (or the last).
     */
    public void chooseNeighbour(int step) {
        if (rows.isEmpty()) {
            return;
        }
        int index = selected.get() == null ? -1 : rows.indexOf(selected.get());
        int next = index < 0 ? (step >= 0 ? 0 : rows.size() - 1) : Math.floorMod(index + step, rows.size());
        choose(rows.get(next));
    }

    /** Marks {@code conversationId} as the open one (null for none). */
    void select(String conversationId) {
        selected.set(conversationId == null ? null
                : rows.stream().filter(r -> r.id().equals(conversationId)).findFirst().orElse(null));
        openId = conversationId;
    }

    /** The open conversation's name as the list knows it; empty when not listed yet. */
    String nameOf(String conversationId) {
        return rows.stream().filter(r -> r.id().equals(conversationId)).map(ConversationRow::name).findFirst()
                .orElse("");
    }

    /** Whether the conversation can be written to; unknown ones are assumed so. */
    boolean isActive(String conversationId) {
        return rows.stream().filter(r -> r.id().equals(conversationId)).map(ConversationRow::active).findFirst()
                .orElse(true);
    }

    /** Whether the conversation's end-to-end encryption is on, as last loaded; unknown ones are not. */
    boolean isEncrypted(String conversationId) {
        return rows.stream().filter(r -> r.id().equals(conversationId)).map(ConversationRow::encrypted).findFirst()
                .orElse(false);
    }

    /** Loads the list and the requests again. */
    public void refresh() {
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        calls.run(account::conversations, (items, failure) -> {
            if (failure != null) {
                error.set("The conversations could not be loaded: " + Calls.sentence(failure));
            } else {
                RowDiff.apply(rows, items.stream().map(this::row).toList(), ConversationRow::id);
                if (openId != null) {
                    selected.set(rows.stream().filter(r -> r.id().equals(openId)).findFirst()
                            .orElse(null));
                }
                loaded.set(true);
            }
            calls.run(account::requests, (found, refused) -> {
                if (refused == null) {
                    shownRequests = found;
                    renderRequests();
                }
                loading = false;
                if (again) {
                    again = false;
                    refresh();
                }
            });
        });
    }

    /** Accepts an invitation (and opens it) or approves a join request. */
    public void answerYes(RequestRow row) {
        answer(row, true);
    }

    /** Declines an invitation or denies a join request. */
    public void answerNo(RequestRow row) {
        answer(row, false);
    }

    private void answer(RequestRow row, boolean yes) {
        ChatRequest request = row.request();
        if (!answering.add(request.key())) {
            return;
        }
        error.set("");
        renderRequests();
        boolean invitation = request.kind() == ChatRequest.Kind.INVITATION;
        calls.run(() -> !yes ? account.refuse(request).thenApply(v -> "")
                : invitation ? account.accept(request) : account.approve(request).thenApply(v -> ""),
                (opened, failure) -> {
                    answering.remove(request.key());
                    if (failure != null) {
                        error.set(what(request, yes) + " did not work: " + Calls.sentence(failure));
                        renderRequests();
                    } else {
                        shownRequests = shownRequests.stream().filter(r -> !r.key().equals(request.key())).toList();
                        renderRequests();
                        if (yes && invitation) {
                            opener.accept(opened);
                        }
                    }
                    refresh();
                });
    }

    private static String what(ChatRequest request, boolean yes) {
        if (request.kind() == ChatRequest.Kind.INVITATION) {
            return yes ? "Accepting the invitation" : "Declining the invitation";
        }
        return yes ? "Approving the request" : "Denying the request";
    }

    private void renderRequests() {
        RowDiff.apply(requests, shownRequests.stream().map(this::requestRow).toList(), RequestRow::key);
    }

    private RequestRow requestRow(ChatRequest request) {
        String group = request.conversationName().isBlank() ? "a conversation"
                : "“" + request.conversationName() + "”";
        String who = request.username().isBlank() ? "Someone" : request.username();
        boolean busy = answering.contains(request.key());
        return request.kind() == ChatRequest.Kind.INVITATION
                ? new RequestRow(request, who + " invited you to " + group, "Accept", "Decline", busy)
                : new RequestRow(request, who + " asks to join " + group, "Approve", "Deny", busy);
    }

    private ConversationRow row(ConversationItem item) {
        String time = times.shortTime(item.lastActivity());
        String unread = item.unread() == 0 ? "" : ", " + item.unread() + " unread";
        String left = item.active() ? "" : " (you are no longer in it)";
        String name = item.name().isBlank() ? "Unnamed conversation" : item.name();
        return new ConversationRow(item.id(), name, item.preview(), time, item.unread(), item.direct(),
                item.active(), name + left + unread + ", " + time
                        + (item.preview().isEmpty() ? "" : ": " + item.preview()), item.encrypted());
    }
}
