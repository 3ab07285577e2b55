package chat.mz.app.notifications;

import java.util.Objects;

/**
 * One notification as the system shows it.
 *
 * @param conversationId the conversation it is about
 * @param title          "New message from Bob", or "New message from Bob in Climbing" for a group
 * @param body           the start of the message
 */
public record Notification(String conversationId, String title, String body) {
    public Notification {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
    }
}
