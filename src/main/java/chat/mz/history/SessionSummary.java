package chat.mz.history;

import java.time.Instant;

/**
 * One line of the conversation list.
 *
 * @param sessionId          the conversation's id
 * @param name               its display name
 * @param direct             true for a 1:1 chat
 * @param e2eeOn             whether it is end-to-end encrypted
 * @param membership         where this account stands in it
 * @param myRole             {@code "owner"} or {@code "member"}
 * @param lastSeq            the highest seq stored, 0 when none
 * @param lastActivity       time of the newest entry, or when the conversation was first stored
 * @param lastMessagePreview the start of the newest entry's text, null when there is none
 * @param unreadCount        incoming messages after the read marker
 */
public record SessionSummary(String sessionId, String name, boolean direct, boolean e2eeOn, Membership membership,
                             String myRole, long lastSeq, Instant lastActivity, String lastMessagePreview,
                             int unreadCount) {
}
