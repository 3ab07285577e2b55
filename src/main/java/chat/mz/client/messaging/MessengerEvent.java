package chat.mz.client.messaging;

import chat.mz.history.Entry;
import java.util.List;

/**
 * What {@link Messenger} tells its listeners, after the change is stored in the history. Listeners
 * are called on the messenger's own thread and must hand work to their own (the UI thread, say).
 */
public sealed interface MessengerEvent {
    /** New timeline entries arrived (messages and system lines), oldest first. */
    record EntriesAdded(String sessionId, List<Entry> entries) implements MessengerEvent {
        public EntriesAdded {
            entries = List.copyOf(entries);
        }
    }

    /** One of this account's messages changed state (sent, delivered, failed). */
    record EntryChanged(String sessionId, String messageId) implements MessengerEvent {
    }

    /** A session's name, members, or this account's membership changed. */
    record SessionChanged(String sessionId) implements MessengerEvent {
    }

    /** Someone asks to join a session this account owns. */
    record JoinRequested(String sessionId, String sessionName, String userId, String username)
            implements MessengerEvent {
    }

    /** Someone invited this account to a session. */
    record Invited(String sessionId, String sessionName, String byUserId, String byUsername)
            implements MessengerEvent {
    }

    /** The answer to this account's join request. */
    record JoinAnswered(String sessionId, String sessionName, boolean allowed) implements MessengerEvent {
    }
}
