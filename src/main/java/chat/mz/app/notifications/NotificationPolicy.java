package chat.mz.app.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a new message raises a notification, and what it says. Only a message from
 * someone else does (not one written here or on another of the account's devices), only while the
 * setting is on and none of the app's windows has the focus, and a burst in one conversation raises one
 * notification rather than one per message. It reads no files and calls nothing: the caller tells
 * it everything.
 */
public final class NotificationPolicy {
    /** How long after a notification a conversation stays quiet. */
    public static final Duration QUIET = Duration.ofSeconds(5);
    /** How much of the message the notification shows. */
    public static final int PREVIEW_LENGTH = 100;
    static final String UNREADABLE_BODY = "Open mzchat to read it.";

    /**
     * What is known about a new message.
     *
     * @param conversationId   its conversation
     * @param conversationName the conversation's name (a group's name; for a direct chat, the other person)
     * @param direct           whether it is a direct chat rather than a group
     * @param senderName       who wrote it, as shown; null if unknown
     * @param text             its text
     * @param readable         false when this device could not decrypt it (its text is then an explanation)
     * @param fromThisAccount  written by this account, on this or another of its devices
     * @param systemLine       a line such as "Ada joined", not a message
     */
    public record Message(String conversationId, String conversationName, boolean direct, String senderName,
                          String text, boolean readable, boolean fromThisAccount, boolean systemLine) {
        public Message {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(text, "text");
        }
    }

    private final Clock clock;
    private final Map<String, Instant> lastShown = new HashMap<>();

    /** @param clock tells when a conversation's quiet time is over */
    public NotificationPolicy(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The notification for {@code message}, if it should raise one.
     *
     * @param enabled    the user's notification setting, as it is now
     * @param appFocused whether one of the app's windows has the focus now
     */
    public synchronized Optional<Notification> decide(Message message, boolean enabled, boolean appFocused) {
        if (!enabled || appFocused || message.fromThisAccount() || message.systemLine()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant last = lastShown.get(message.conversationId());
        if (last != null && now.isBefore(last.plus(QUIET))) {
            return Optional.empty();
        }
        lastShown.put(message.conversationId(), now);
        return Optional.of(new Notification(message.conversationId(), title(message),
                message.readable() ? preview(message.text()) : UNREADABLE_BODY));
    }

    static String title(Message message) {
        String sender = message.senderName() == null || message.senderName().isBlank() ? "someone"
                : message.senderName();
        String name = message.conversationName();
        return message.direct() || name == null || name.isBlank() ? "New message from " + sender
                : "New message from " + sender + " in " + name;
    }

    /** The text on one line, cut at {@value #PREVIEW_LENGTH} characters (not inside a surrogate pair). */
    static String preview(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= PREVIEW_LENGTH) {
            return line;
        }
        int end = PREVIEW_LENGTH;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end).stripTrailing() + "…";
    }
}
