package chat.mz.ui.chats;

import java.util.Objects;

/**
 * Something waiting for this account's answer: an invitation to a conversation, or someone asking to
 * join a group this account owns.
 *
 * @param kind             which of the two
 * @param conversationId   the conversation
 * @param conversationName its name, possibly empty
 * @param userId           the inviter, or the one asking to join; empty when not known
 * @param username         their name, possibly empty when not known
 */
public record ChatRequest(Kind kind, String conversationId, String conversationName, String userId,
                          String username) {

    /** What is asked. */
    public enum Kind {
        /** Someone invited this account. */
        INVITATION,
        /** Someone asks to join a group this account owns. */
        JOIN_REQUEST
    }

    public ChatRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversationId, "conversationId");
        conversationName = conversationName == null ? "" : conversationName;
        userId = userId == null ? "" : userId;
        username = username == null ? "" : username;
    }

    /** Tells one request from another in the list. */
    public String key() {
        return kind + "/" + conversationId + "/" + userId;
    }
}
