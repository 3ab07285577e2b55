package chat.mz.ui.chats;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that matched a search.
 *
 * @param seq     null while the message is still pending
 * @param snippet the text around the first match
 */
public record SearchResult(String conversationId, String conversationName, String messageId, Long seq,
                           String senderName, String snippet, Instant time) {
    public SearchResult {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(time, "time");
        conversationName = conversationName == null ? "" : conversationName;
        senderName = senderName == null ? "" : senderName;
        snippet = snippet == null ? "" : snippet;
    }
}
