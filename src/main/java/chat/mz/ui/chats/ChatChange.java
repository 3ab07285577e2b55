package chat.mz.ui.chats;

import java.util.List;

/** What changed in the account's conversations, as {@link ChatAccount#listen} reports it. */
public sealed interface ChatChange {
    /** Entries arrived or changed (sent, delivered, failed) in a conversation. */
    record Messages(String conversationId, List<MessageItem> items) implements ChatChange {
        public Messages {
            items = List.copyOf(items);
        }
    }

    /** The list changed: a conversation's name, members, or this account's place in it. */
    record Conversations() implements ChatChange {
    }

    /** An invitation or join request came or went. */
    record Requests() implements ChatChange {
    }
}
