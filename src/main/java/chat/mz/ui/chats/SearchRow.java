package chat.mz.ui.chats;

import java.util.List;

/**
 * A search result as listed: where and by whom, the text around the match, and when.
 *
 * @param result  what the row stands for, to open it
 * @param matches where the searched words are in {@code snippet}, in order, not overlapping
 * @param time    short: "14:05", "Mon", "3 Nov"
 */
public record SearchRow(SearchResult result, String conversationName, String sender, String snippet,
                        List<Match> matches, String time, String accessibleText) {

    /** A searched word in the snippet: {@code snippet.substring(start, end)}. */
    public record Match(int start, int end) {
    }

    public SearchRow {
        matches = List.copyOf(matches);
    }

    /** Tells one result from another. */
    public String key() {
        return result.conversationId() + "/" + result.messageId();
    }
}
