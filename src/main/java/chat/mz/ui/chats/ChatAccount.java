package chat.mz.ui.chats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * This account's conversations as the Chats section needs them: the list, a conversation's
 * timeline page by page, sending, search, starting chats and groups, and answering invitations and
 * join requests. Implementations may block or complete on any thread; the view models call them off
 * the UI thread. A failure the user should read is a {@link ChatAccountException}.
 */
public interface ChatAccount {
    /** Why {@code text} cannot be sent (empty, too long), or null when it can; answers at once. */
    String textProblem(String text);

    /** Every conversation this account is or was in, the newest activity first. */
    CompletionStage<List<ConversationItem>> conversations();

    /** Invitations to answer and join requests to decide, newest first. */
    CompletionStage<List<ChatRequest>> requests();

    /**
     * The newest {@code limit} entries of a conversation, oldest first, followed by this account's
     * messages not yet accepted by the homeserver.
     */
    CompletionStage<List<MessageItem>> latest(String conversationId, int limit);

    /** Up to {@code limit} entries before {@code seq}, oldest first. */
    CompletionStage<List<MessageItem>> before(String conversationId, long seq, int limit);

    /** Up to {@code limit} entries after {@code seq}, oldest first. */
    CompletionStage<List<MessageItem>> after(String conversationId, long seq, int limit);

    /** The user has seen everything up to {@code seq}. */
    CompletionStage<Void> markRead(String conversationId, long seq);

    /**
     * Writes a message, end-to-end encrypted when the conversation's encryption is on; completes with
     * it as stored, pending until the homeserver has it.
     */
    CompletionStage<MessageItem> send(String conversationId, String text);

    /**
     * Writes a message sealed under the conversation's room key ({@code encrypt}) or in the clear,
     * whatever the conversation's setting; completes with it as stored, pending.
     */
    CompletionStage<MessageItem> send(String conversationId, String text, boolean encrypt);

    /**
     * The names of this account's devices by device id, as its verified device list gives them; a
     * revoked device is not among them. Asks the homeserver: slow, and fails while offline.
     */
    CompletionStage<Map<String, String>> deviceNames();

    /** Messages containing every word of {@code query}, newest first. */
    CompletionStage<List<SearchResult>> search(String query, int limit);

    /** Looks someone up by username and checks their identity key. */
    CompletionStage<CheckedContact> lookUp(String username);

    /**
     * The other members of a conversation whose identity key changed since it was first seen, their
     * keys checked with the homeserver again where due.
     */
    CompletionStage<List<KeyChange>> keyChanges(String conversationId);

    /** The user compared the safety number with this person: trust their current key from now on. */
    CompletionStage<Void> trustKey(String userId);

    /** The 1:1 chat with a user looked up before, created if there is none; completes with its id. */
    CompletionStage<String> openDirect(String userId);

    /**
     * A new group with this account as owner and these people (by username) in it, end-to-end
     * encrypted when {@code encrypted} (its first room key made before this completes); completes
     * with its id.
     */
    CompletionStage<String> createGroup(String name, List<String> usernames, boolean encrypted);

    /** Accepts an invitation; completes with the conversation's id. */
    CompletionStage<String> accept(ChatRequest invitation);

    /** Declines an invitation or denies a join request. */
    CompletionStage<Void> refuse(ChatRequest request);

    /** Lets the requester of a join request in. */
    CompletionStage<Void> approve(ChatRequest joinRequest);

    /**
     * A group's settings, asked afresh from the homeserver where it can be reached (otherwise the
     * facts last known, saying so), with every member's device count.
     */
    CompletionStage<GroupSettings> groupSettings(String conversationId);

    /** Turns a group's end-to-end encryption on or off; only its owner may. */
    CompletionStage<Void> setEncryption(String conversationId, boolean on);

    /**
     * Replaces the group's room key now; any member may. Completes with the number of the key the
     * group is on afterwards, which is another member's when theirs won at the same moment.
     */
    CompletionStage<Long> rotateKey(String conversationId);

    /**
     * Changes how often the room key is replaced (zero for never) and whether newcomers read earlier
     * messages; a null leaves that one as it is. Only the owner may.
     */
    CompletionStage<Void> keySettings(String conversationId, Duration rotation, Boolean newMembersReadHistory);

    /** Invites someone, by username, to a group. */
    CompletionStage<Void> invite(String conversationId, String username);

    /** Removes a member from a group; only its owner may. */
    CompletionStage<Void> remove(String conversationId, String userId);

    /** Leaves a group: it stays readable, no longer writable. */
    CompletionStage<Void> leave(String conversationId);

    /**
     * Tells {@code listener} about every change, on any thread, until the returned handle is closed.
     */
    AutoCloseable listen(Consumer<ChatChange> listener);
}
