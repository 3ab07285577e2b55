package chat.mz.history;

import java.time.Instant;

/**
 * A message that matched a search.
 *
 * @param seq        null when the message is still pending
 * @param snippet    the text, or for a long text the part around the first match
 * @param serverTime null when the message is still pending
 * @param key        where this hit sits in the result order, to ask for the hits after it
 */
public record SearchHit(String sessionId, Long seq, String messageId, String senderName, String snippet,
                        Instant serverTime, SearchKey key) {
}
