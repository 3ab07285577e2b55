package chat.mz.ui.chats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open conversation: a window of its timeline, loaded a page at a time (older pages when the
 * user scrolls to the top, newer ones after jumping to a search result), kept up to date as
 * messages arrive and change state, with day separators between days. It asks the view where to
 * scroll through {@link #scrollRequestProperty()}: to the bottom when opened and when a message
 * arrives while the user is at the bottom, to keep the reading position when older messages are put
 * in front, and to the message a search chose.
 *
 * <p>Call the public methods on the UI thread; properties and rows change only there.
 */
public final class MessageListViewModel {
    /** How many entries one page holds. */
    static final int PAGE = 50;

    /** Where the view should scroll: {@code key} is a row's key; {@code serial} makes each request new. */
    public record ScrollRequest(String key, Position position, long serial) {
        /** Where the row should end up. */
        public enum Position {
            /** The row at the top: the reading position stays when older rows come in front. */
            TOP,
            /** In the middle, for a message found by search. */
            CENTER,
            /** The newest row at the bottom. */
            BOTTOM
        }
    }

    private static final Comparator<MessageItem> TIMELINE = Comparator
            .<MessageItem>comparingInt(m -> m.seq() == null ? 1 : 0)
            .thenComparingLong(m -> m.seq() == null ? 0 : m.seq())
            .thenComparing(MessageItem::time)
            .thenComparing(MessageItem::messageId);

    private final ChatAccount account;
    private final Calls calls;
    private final TimelineRows rowsOf;
    private final DeviceNames deviceNames;
    private final ObservableList<MessageRow> rows = FXCollections.observableArrayList();
    private final ObservableList<MessageRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper conversationId = new ReadOnlyStringWrapper(this, "conversationId");
    private final ReadOnlyObjectWrapper<ScrollRequest> scrollRequest = new ReadOnlyObjectWrapper<>(this,
            "scrollRequest");
    private final ReadOnlyStringWrapper highlighted = new ReadOnlyStringWrapper(this, "highlighted", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    // UI thread only
    private final Map<String, MessageItem> items = new HashMap<>();
    /** What arrived while the first page was being read: it may or may not be in that page. */
    private final List<MessageItem> early = new ArrayList<>();
    private boolean group;
    private boolean encrypted;
    private boolean hasOlder;
    private boolean hasNewer;
    private boolean loadingOlder;
    private boolean loadingNewer;
    private boolean following = true;
    private boolean showing = true;
    private long readUpTo;
    private long generation;
    private long serial;

    MessageListViewModel(ChatAccount account, Calls calls, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        this.rowsOf = new TimelineRows(new ChatTimes(clock));
        this.deviceNames = new DeviceNames(account::deviceNames, calls, this::render);
    }

    /** Day separators, messages and system lines, oldest first. */
    public ObservableList<MessageRow> rows() {
        return readOnlyRows;
    }

    /** The open conversation's id; null when none is open. */
    public ReadOnlyStringProperty conversationIdProperty() {
        return conversationId.getReadOnlyProperty();
    }

    /** Where the view should scroll next. */
    public ReadOnlyObjectProperty<ScrollRequest> scrollRequestProperty() {
        return scrollRequest.getReadOnlyProperty();
    }

    /** The key of the row to highlight briefly (a search result); empty for none. */
    public ReadOnlyStringProperty highlightedProperty() {
        return highlighted.getReadOnlyProperty();
    }

    /** True while the first page of a conversation loads. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the messages could not be loaded; empty when they could. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Opens a conversation at its newest message. */
    void open(String id, boolean isGroup) {
        reset(id, isGroup);
        long mine = generation;
        calls.run(() -> account.latest(id, PAGE), (page, failure) -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                error.set("The messages could not be loaded: " + Calls.sentence(failure));
                return;
            }
            page.forEach(this::put);
            hasOlder = sequenced(page) >= PAGE;
            takeEarly();
            render();
            scrollToBottom();
            markRead();
        });
    }

    /** Opens a conversation with the page around one message in view, and highlights it. */
    void openAt(String id, boolean isGroup, String messageId, Long seq) {
        if (seq == null) {
            open(id, isGroup);
            highlighted.set(messageId);
            return;
        }
        reset(id, isGroup);
        long mine = generation;
        calls.run(() -> account.before(id, seq + 1, PAGE / 2).thenCombine(account.after(id, seq, PAGE / 2),
                (older, newer) -> List.of(older, newer)), (pages, failure) -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    if (failure != null) {
                        error.set("The messages could not be loaded: " + Calls.sentence(failure));
                        return;
                    }
                    pages.forEach(page -> page.forEach(this::put));
                    hasOlder = pages.get(0).size() >= PAGE / 2;
                    hasNewer = pages.get(1).size() >= PAGE / 2;
                    following = false;
                    takeEarly();
                    if (!hasNewer) {
                        catchUp(mine);
                    }
                    render();
                    highlighted.set(messageId);
                    scrollRequest.set(new ScrollRequest(messageId, ScrollRequest.Position.CENTER, ++serial));
                    markRead();
                });
    }

    /**
     * Whether the open conversation's encryption is on: its plain messages are then marked as not
     * encrypted. Changes as the owner turns it on or off.
     */
    void setEncrypted(boolean on) {
        if (on != encrypted) {
            encrypted = on;
            render();
        }
    }

    /** Closes the conversation shown. */
    void close() {
        reset(null, false);
        loading.set(false);
    }

    /** The user scrolled to the top: loads the page before the oldest row shown. */
    public void loadOlder() {
        OptionalLong oldest = items.values().stream().filter(m -> m.seq() != null).mapToLong(MessageItem::seq).min();
        if (!hasOlder || loadingOlder || oldest.isEmpty()) {
            return;
        }
        loadingOlder = true;
        String id = conversationId.get();
        String anchor = rows.stream().filter(r -> r.kind() != MessageRow.Kind.DAY).map(MessageRow::key)
                .findFirst().orElse(null);
        long mine = generation;
        calls.run(() -> account.before(id, oldest.getAsLong(), PAGE), (page, failure) -> {
            if (mine != generation) {
                return;
            }
            loadingOlder = false;
            if (failure != null) {
                error.set("Older messages could not be loaded: " + Calls.sentence(failure));
                return;
            }
            page.forEach(this::put);
            hasOlder = page.size() >= PAGE;
            render();
            if (anchor != null && !page.isEmpty()) {
                scrollRequest.set(new ScrollRequest(anchor, ScrollRequest.Position.TOP, ++serial));
            }
        });
    }

    /** The user scrolled to the bottom of a window opened at an older message: loads the next page. */
    public void loadNewer() {
        OptionalLong newest = items.values().stream().filter(m -> m.seq() != null).mapToLong(MessageItem::seq).max();
        if (!hasNewer || loadingNewer || newest.isEmpty()) {
            return;
        }
        loadingNewer = true;
        String id = conversationId.get();
        long mine = generation;
        calls.run(() -> account.after(id, newest.getAsLong(), PAGE), (page, failure) -> {
            if (mine != generation) {
                return;
            }
            loadingNewer = false;
            if (failure != null) {
                error.set("Newer messages could not be loaded: " + Calls.sentence(failure));
                return;
            }
            page.forEach(this::put);
            hasNewer = page.size() >= PAGE;
            if (!hasNewer) {
                catchUp(mine);
            }
            render();
            markRead();
        });
    }

    /** Whether the user is at the bottom, where arriving messages keep the view pinned. */
    public void setFollowing(boolean atBottom) {
        following = atBottom && !hasNewer;
    }

    /** Whether the conversation is on screen; only then are arriving messages marked read. */
    void setShowing(boolean onScreen) {
        showing = onScreen;
        if (onScreen) {
            markRead();
        }
    }

    /** The highlight has been seen. */
    public void clearHighlight() {
        highlighted.set("");
    }

    /** Entries that arrived or changed, in any conversation. */
    void apply(ChatChange.Messages change) {
        if (!change.conversationId().equals(conversationId.get())) {
            return;
        }
        if (loading.get()) {
            early.addAll(change.items());
            return;
        }
        boolean mineAdded = false;
        boolean added = false;
        for (MessageItem item : change.items()) {
            boolean known = items.containsKey(item.messageId());
            if (!known && hasNewer) {
                continue; // beyond the window shown; it comes with the next page
            }
            added |= !known;
            mineAdded |= !known && item.outgoing();
            put(item);
        }
        render();
        if (mineAdded || (added && following)) {
            scrollToBottom();
        }
        if (added) {
            markRead();
        }
    }

    /** The message the user just wrote, shown at once while the homeserver has not got it yet. */
    void written(MessageItem item) {
        if (!item.conversationId().equals(conversationId.get())) {
            return;
        }
        boolean known = items.containsKey(item.messageId());
        if (!known) {
            put(item);
            render();
        }
        if (hasNewer) {
            open(item.conversationId(), group); // jump to the present, where the new message is
        } else {
            scrollToBottom();
        }
    }

    private void reset(String id, boolean isGroup) {
        generation++;
        items.clear();
        early.clear();
        rows.clear();
        conversationId.set(id);
        group = isGroup;
        hasOlder = false;
        hasNewer = false;
        loadingOlder = false;
        loadingNewer = false;
        following = true;
        readUpTo = 0;
        error.set("");
        highlighted.set("");
        loading.set(id != null);
    }

    /** Having reached the newest sequenced entry, adds what is still pending from the latest page. */
    private void catchUp(long mine) {
        String id = conversationId.get();
        calls.run(() -> account.latest(id, PAGE), (page, failure) -> {
            if (mine == generation && failure == null) {
                page.forEach(this::put);
                render();
            }
        });
    }

    private void takeEarly() {
        for (MessageItem item : early) {
            if (!hasNewer || items.containsKey(item.messageId())) {
                put(item);
            }
        }
        early.clear();
    }

    private void put(MessageItem item) {
        MessageItem known = items.get(item.messageId());
        // a late copy of an older state must not undo a newer one (delivered back to sent, say)
        if (known != null && known.delivery().ordinal() > item.delivery().ordinal()
                && item.delivery() != MessageItem.Delivery.FAILED) {
            return;
        }
        items.put(item.messageId(), item);
    }

    private static long sequenced(List<MessageItem> page) {
        return page.stream().filter(m -> m.seq() != null).count();
    }

    private void scrollToBottom() {
        following = true;
        if (!rows.isEmpty()) {
            scrollRequest.set(new ScrollRequest(rows.get(rows.size() - 1).key(), ScrollRequest.Position.BOTTOM,
                    ++serial));
        }
    }

    private void markRead() {
        OptionalLong newest = items.values().stream().filter(m -> m.seq() != null).mapToLong(MessageItem::seq).max();
        String id = conversationId.get();
        if (!showing || id == null || newest.isEmpty() || newest.getAsLong() <= readUpTo) {
            return;
        }
        readUpTo = newest.getAsLong();
        long upTo = readUpTo;
        calls.run(() -> account.markRead(id, upTo), (ignored, failure) -> { });
    }

    private void render() {
        List<MessageItem> sorted = new ArrayList<>(items.values());
        sorted.sort(TIMELINE);
        RowDiff.apply(rows, rowsOf.build(sorted, group, encrypted, deviceNames.of(sorted)), MessageRow::key);
    }
}
