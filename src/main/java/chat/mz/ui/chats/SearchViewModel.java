package chat.mz.ui.chats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Searching the messages: results follow the query as it is typed, newest first; choosing one opens
 * its conversation at that message. One search runs at a time, and only the newest query's results
 * are shown.
 *
 * <p>Call the public methods on the UI thread.
 */
public final class SearchViewModel {
    static final int LIMIT = 100;

    private final ChatAccount account;
    private final Calls calls;
    private final ChatTimes times;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<SearchRow> results = FXCollections.observableArrayList();
    private final ObservableList<SearchRow> readOnlyResults = FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private Consumer<SearchResult> opener = result -> { };
    private Function<String, String> nameOf = id -> "";

    // UI thread only
    private boolean searching;
    private String waiting;

    SearchViewModel(ChatAccount account, Calls calls, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.calls = calls;
        this.times = new ChatTimes(clock);
        query.addListener((obs, old, now) -> search(now));
    }

    /** What is searched for; bind it to the search field. */
    public StringProperty queryProperty() {
        return query;
    }

    /** The results, newest first. */
    public ObservableList<SearchRow> results() {
        return readOnlyResults;
    }

    /** True while there is a query: the results show instead of the conversation list. */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** "3 messages found", "No messages found", or why the search failed. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    void onOpen(Consumer<SearchResult> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** How results name their conversation when the account does not. */
    void names(Function<String, String> nameOf) {
        this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
    }

    /** Opens the conversation at the chosen message. */
    public void choose(SearchRow row) {
        if (row != null) {
            opener.accept(row.result());
        }
    }

    /** Empties the query, which brings back the conversation list. */
    public void clear() {
        query.set("");
    }

    private void search(String text) {
        String trimmed = text == null ? "" : text.strip();
        active.set(!trimmed.isEmpty());
        if (trimmed.isEmpty()) {
            waiting = null;
            results.clear();
            summary.set("");
            return;
        }
        if (searching) {
            waiting = trimmed;
            return;
        }
        searching = true;
        calls.run(() -> account.search(trimmed, LIMIT), (found, failure) -> {
            searching = false;
            String next = waiting;
            waiting = null;
            if (next != null && !next.equals(trimmed)) {
                search(next);
                return;
            }
            if (!active.get()) {
                return;
            }
            if (failure != null) {
                results.clear();
                summary.set("The search did not work: " + Calls.sentence(failure));
                return;
            }
            show(found);
        });
    }

    private void show(List<SearchResult> found) {
        RowDiff.apply(results, found.stream().map(this::row).toList(), SearchRow::key);
        summary.set(found.isEmpty() ? "No messages found"
                : found.size() == 1 ? "1 message found"
                : found.size() >= LIMIT ? "The newest " + LIMIT + " messages found" : found.size() + " messages found");
    }

    private SearchRow row(SearchResult result) {
        String name = !result.conversationName().isBlank() ? result.conversationName() : nameOf.apply(
                result.conversationId());
        String time = times.shortTime(result.time());
        return new SearchRow(result, name, result.senderName(), result.snippet(),
                matches(result.snippet(), query.get()), time,
                result.senderName() + " in " + name + ", " + time + ": " + result.snippet());
    }

    /** Where the query's words start words of the snippet, without regard to case, as the search matches. */
    static List<SearchRow.Match> matches(String snippet, String query) {
        String lower = snippet.toLowerCase(Locale.ROOT);
        List<SearchRow.Match> found = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                if (at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1))) {
                    found.add(new SearchRow.Match(at, at + word.length()));
                }
            }
        }
        found.sort(Comparator.comparingInt(SearchRow.Match::start));
        List<SearchRow.Match> merged = new ArrayList<>();
        for (SearchRow.Match match : found) {
            SearchRow.Match last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && match.start() <= last.end()) {
                merged.set(merged.size() - 1, new SearchRow.Match(last.start(), Math.max(last.end(), match.end())));
            } else {
                merged.add(match);
            }
        }
        return merged;
    }
}
