package chat.mz.app;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.client.connection.ConnectionException;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.messaging.ContactBook;
import chat.mz.client.messaging.GroupEncryption;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.HistoryException;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.history.SearchHit;
import chat.mz.history.SessionSummary;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.ui.chats.ChatAccount;
import chat.mz.ui.chats.ChatAccountException;
import chat.mz.ui.chats.ChatChange;
import chat.mz.ui.chats.ChatRequest;
import chat.mz.ui.chats.CheckedContact;
import chat.mz.ui.chats.ConversationItem;
import chat.mz.ui.chats.GroupSettings;
import chat.mz.ui.chats.KeyChange;
import chat.mz.ui.chats.MessageItem;
import chat.mz.ui.chats.SearchResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Chats section on the real client core: {@link Messenger} for sending, receiving and the
 * membership flows, its {@link History} for the list, timelines and search, {@link ContactBook}
 * to look people up and check their keys, and {@link DeviceDirectory} for the names of the account's
 * own devices.
 *
 * <p>Join requests and who sent an invitation reach this device only as events; they are kept here
 * while the app runs. Changes are reported on the messenger's thread.
 */
public final class CoreChatAccount implements ChatAccount, AutoCloseable {
    /** How far back a changed message of ours is looked for to report its new state. */
    private static final int CHANGED_WINDOW = 200;

    private final Messenger messenger;
    private final History history;
    private final ContactBook contacts;
    private final DeviceDirectory devices;
    private final Clock clock;
    private final EventStream<ChatChange> relay = new EventStream<>();
    private final Subscription following;

    /**
     * Starts following the messenger's events at once; {@link #close()} stops it.
     *
     * @param messenger the account's messenger; its history is read here
     * @param contacts  to look people up and check their keys
     * @param devices   looks up the account's own devices, to name the one a message was sent from
     * @param clock     dates a search hit on a message not yet sent
     */
    public CoreChatAccount(Messenger messenger, ContactBook contacts, DeviceDirectory devices, Clock clock) {
        this.messenger = Objects.requireNonNull(messenger, "messenger");
        this.history = messenger.history();
        this.contacts = Objects.requireNonNull(contacts, "contacts");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.following = messenger.events().subscribe(this::translateEvent);
    }

    @Override
    public String textProblem(String text) {
        return Messenger.textProblem(text);
    }

    @Override
    public CompletionStage<List<ConversationItem>> conversations() {
        return read(() -> history.sessions().stream().filter(CoreChatAccount::listed).map(s ->
                new ConversationItem(s.sessionId(), s.name(), s.direct(), s.lastMessagePreview(), s.lastActivity(),
                        s.unreadCount(), s.membership() == Membership.MEMBER, s.e2eeOn())).toList());
    }

    /** Members' conversations, and ones left that still have something to read. */
    private static boolean listed(SessionSummary session) {
        return session.membership() == Membership.MEMBER
                || (session.membership() == Membership.LEFT || session.membership() == Membership.REMOVED)
                && session.lastSeq() > 0;
    }

    @Override
    public CompletionStage<List<ChatRequest>> requests() {
        return read(() -> messenger.conversations().pendingRequests().stream()
                .map(r -> new ChatRequest(r.kind() == PendingRequest.Kind.INVITATION ? ChatRequest.Kind.INVITATION
                        : ChatRequest.Kind.JOIN_REQUEST, r.sessionId(), r.sessionName(), r.userId(), r.username()))
                .toList());
    }

    @Override
    public CompletionStage<List<MessageItem>> latest(String conversationId, int limit) {
        return read(() -> items(history.latest(conversationId, limit)));
    }

    @Override
    public CompletionStage<List<MessageItem>> before(String conversationId, long seq, int limit) {
        return read(() -> items(history.before(conversationId, seq, limit)));
    }

    @Override
    public CompletionStage<List<MessageItem>> after(String conversationId, long seq, int limit) {
        // the history pages backwards only; seqs have no gaps, so the page ending limit after seq is the one after it
        return read(() -> items(history.before(conversationId, seq + limit + 1, limit).stream()
                .filter(e -> e.seq() != null && e.seq() > seq).toList()));
    }

    @Override
    public CompletionStage<Void> markRead(String conversationId, long seq) {
        return messenger.markRead(conversationId, seq).thenAccept(moved -> relay.publish(
                new ChatChange.Conversations()));
    }

    @Override
    public CompletionStage<MessageItem> send(String conversationId, String text) {
        return translate(messenger.send(conversationId, text).thenApply(this::item), null);
    }

    @Override
    public CompletionStage<MessageItem> send(String conversationId, String text, boolean encrypt) {
        return translate(messenger.send(conversationId, text, encrypt).thenApply(this::item), null);
    }

    @Override
    public CompletionStage<Map<String, String>> deviceNames() {
        // the list as the account's identity key signed it: the homeserver cannot slip in a name
        return translate(devices.byUserId(messenger.me().userId(), 0).thenApply(list -> list.devices().stream()
                .map(DeviceCertificate::body)
                .collect(Collectors.toMap(DeviceCertificate.Body::deviceId, DeviceCertificate.Body::deviceName,
                        (first, second) -> first))), null);
    }

    @Override
    public CompletionStage<List<SearchResult>> search(String query, int limit) {
        return read(() -> {
            Map<String, String> names = new HashMap<>();
            List<SearchResult> results = new ArrayList<>();
            for (SearchHit hit : history.search(query, limit)) {
                String name = names.computeIfAbsent(hit.sessionId(), id -> history.session(id)
                        .map(SessionSummary::name).orElse(""));
                results.add(new SearchResult(hit.sessionId(), name, hit.messageId(), hit.seq(), hit.senderName(),
                        hit.snippet(), hit.serverTime() != null ? hit.serverTime() : clock.instant()));
            }
            return results;
        });
    }

    @Override
    public CompletionStage<CheckedContact> lookUp(String username) {
        return translate(contacts.add(username).thenApply(checked -> new CheckedContact(checked.contact().userId(),
                checked.contact().username(), CheckedContact.KeyCheck.valueOf(checked.check().name()),
                checked.safetyNumber())), username);
    }

    @Override
    public CompletionStage<List<KeyChange>> keyChanges(String conversationId) {
        return translate(contacts.changedKeys(conversationId).thenApply(changed -> changed.stream()
                .map(contact -> new KeyChange(contact.userId(), contact.username(), contacts.safetyNumber(contact)))
                .toList()), null);
    }

    @Override
    public CompletionStage<Void> trustKey(String userId) {
        return translate(contacts.trustCurrentKey(userId).thenAccept(trusted -> {
        }), null);
    }

    @Override
    public CompletionStage<String> openDirect(String userId) {
        return translate(messenger.conversations().direct(userId).thenApply(info -> info.sessionId()), null);
    }

    @Override
    public CompletionStage<String> createGroup(String name, List<String> usernames, boolean encrypted) {
        CompletableFuture<List<String>> userIds = CompletableFuture.completedFuture(new ArrayList<>());
        for (String username : usernames) {
            userIds = userIds.thenCompose(ids -> translate(contacts.add(username), username).thenApply(checked -> {
                ids.add(checked.contact().userId());
                return ids;
            }));
        }
        return userIds.thenCompose(ids -> translate(messenger.conversations().createGroup(name, ids, encrypted)
                .thenApply(info -> info.sessionId()), null));
    }

    @Override
    public CompletionStage<String> accept(ChatRequest invitation) {
        return translate(messenger.conversations().accept(invitation.conversationId())
                .thenApply(info -> info.sessionId()), null);
    }

    @Override
    public CompletionStage<Void> refuse(ChatRequest request) {
        CompletableFuture<?> call = request.kind() == ChatRequest.Kind.INVITATION
                ? messenger.conversations().decline(request.conversationId())
                : messenger.conversations().deny(request.conversationId(), request.userId());
        return translate(call.thenAccept(ignored -> relay.publish(new ChatChange.Requests())), null);
    }

    @Override
    public CompletionStage<Void> approve(ChatRequest joinRequest) {
        return translate(messenger.conversations().allow(joinRequest.conversationId(), joinRequest.userId())
                .thenAccept(ignored -> relay.publish(new ChatChange.Requests())), null);
    }

    @Override
    public CompletionStage<GroupSettings> groupSettings(String conversationId) {
        GroupEncryption encryption = messenger.encryption();
        // asked afresh where the homeserver answers; the facts last known, saying so, where it does not
        CompletableFuture<String> refreshed = messenger.conversations().refresh(conversationId)
                .handle((done, failure) -> failure == null ? "" : sentence(failure, null).getMessage());
        return translate(refreshed.thenCompose(stale -> encryption.keyInfo(conversationId)
                .thenCombine(encryption.deviceCounts(conversationId), (key, devices) ->
                        settings(conversationId, key, devices, stale))), null);
    }

    private GroupSettings settings(String conversationId, GroupEncryption.KeyInfo key, Map<String, Integer> devices,
                                   String stale) {
        String me = messenger.me().userId();
        Optional<SessionSummary> session = history.session(conversationId);
        List<GroupSettings.Member> members = history.members(conversationId).stream()
                .map(m -> new GroupSettings.Member(m.userId(), m.username(), "owner".equals(m.role()),
                        m.userId().equals(me), devices.getOrDefault(m.userId(), -1)))
                .toList();
        return new GroupSettings(conversationId, session.map(SessionSummary::name).orElse(""),
                session.map(s -> "owner".equals(s.myRole())).orElse(false),
                session.map(s -> s.membership() == Membership.MEMBER).orElse(false), key.e2eeOn(), key.epoch(),
                key.keyCreatedAt(), key.rotation(), key.nextRotationDue(), key.newMembersReadHistory(), members,
                stale.isEmpty() ? "" : "Showing what was last known. " + stale);
    }

    @Override
    public CompletionStage<Void> setEncryption(String conversationId, boolean on) {
        GroupEncryption encryption = messenger.encryption();
        return translate(on ? encryption.turnOn(conversationId).thenAccept(epoch -> { })
                : encryption.turnOff(conversationId), null);
    }

    @Override
    public CompletionStage<Long> rotateKey(String conversationId) {
        GroupEncryption encryption = messenger.encryption();
        return translate(encryption.rotateNow(conversationId).exceptionallyCompose(failure -> {
            // another member's new key won at the same moment: the group is simply on theirs now
            if (cause(failure) instanceof RpcException rpc && rpc.is(ErrorCode.ROOM_KEY_EPOCH_MISMATCH)) {
                return encryption.refreshKeyInfo(conversationId).thenApply(GroupEncryption.KeyInfo::epoch);
            }
            return CompletableFuture.failedFuture(failure);
        }), null);
    }

    @Override
    public CompletionStage<Void> keySettings(String conversationId, Duration rotation, Boolean newMembersReadHistory) {
        return translate(messenger.encryption().updateSettings(conversationId, rotation, newMembersReadHistory), null);
    }

    @Override
    public CompletionStage<Void> invite(String conversationId, String username) {
        return translate(contacts.add(username), username).thenCompose(checked -> translate(messenger
                .conversations().invite(conversationId, checked.contact().userId()).thenAccept(done -> { }), null));
    }

    @Override
    public CompletionStage<Void> remove(String conversationId, String userId) {
        return translate(messenger.conversations().remove(conversationId, userId).thenAccept(done -> { }), null);
    }

    @Override
    public CompletionStage<Void> leave(String conversationId) {
        return translate(messenger.conversations().leave(conversationId)
                .thenAccept(done -> relay.publish(new ChatChange.Conversations())), null);
    }

    @Override
    public AutoCloseable listen(Consumer<ChatChange> listener) {
        return relay.subscribe(listener);
    }

    /** Stops following the messenger; the messenger and its history stay open. */
    @Override
    public void close() {
        following.close();
    }

    private void translateEvent(MessengerEvent event) {
        if (event instanceof MessengerEvent.EntriesAdded added) {
            relay.publish(new ChatChange.Messages(added.sessionId(), items(added.entries())));
        } else if (event instanceof MessengerEvent.EntryChanged changed) {
            Optional<Entry> entry = history.latest(changed.sessionId(), CHANGED_WINDOW).stream()
                    .filter(e -> e.messageId().equals(changed.messageId())).findFirst();
            entry.ifPresent(e -> relay.publish(new ChatChange.Messages(changed.sessionId(), List.of(item(e)))));
        } else if (event instanceof MessengerEvent.Invited || event instanceof MessengerEvent.JoinRequested) {
            relay.publish(new ChatChange.Requests());
        } else {
            // a session changed: its facts, or a question about it was answered
            relay.publish(new ChatChange.Conversations());
            relay.publish(new ChatChange.Requests());
        }
    }

    private List<MessageItem> items(List<Entry> entries) {
        return entries.stream().map(this::item).toList();
    }

    private MessageItem item(Entry entry) {
        MessageItem.Delivery delivery = MessageItem.Delivery.valueOf(entry.state().name());
        String failure = entry.state() == DeliveryState.FAILED
                ? history.failureReason(entry.sessionId(), entry.messageId()).orElse("") : "";
        return new MessageItem(entry.sessionId(), entry.messageId(), entry.seq(), entry.senderName(), entry.text(),
                entry.serverTime() != null ? entry.serverTime() : entry.createdAt(), entry.outgoing(),
                entry.kind() == Entry.Kind.SYSTEM, delivery, failure,
                MessageItem.Protection.valueOf(entry.protection().name()), otherDevice(entry));
    }

    /** The device of this account that sent an entry, unless it was this one (or it is someone else's). */
    private String otherDevice(Entry entry) {
        String device = entry.senderDeviceId();
        // an entry without a device says nothing about where it came from: nothing is shown
        return entry.outgoing() && entry.kind() == Entry.Kind.TEXT && device != null
                && !device.equals(messenger.me().deviceId()) ? device : "";
    }

    /** Runs a history read here and now, its failure as a sentence. */
    private static <T> CompletionStage<T> read(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (HistoryException e) {
            return CompletableFuture.failedFuture(new ChatAccountException(
                    "Your message history could not be read: " + e.getMessage(), e));
        }
    }

    /** The call's failure as a sentence; {@code username} names who a 1203 is about. */
    private static <T> CompletableFuture<T> translate(CompletableFuture<T> call, String username) {
        return call.exceptionally(failure -> {
            throw new CompletionException(sentence(failure, username));
        });
    }

    private static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ChatAccountException sentence(Throwable failure, String username) {
        Throwable cause = cause(failure);
        if (cause instanceof ChatAccountException already) {
            return already;
        }
        if (cause instanceof RpcException rpc && rpc.is(ErrorCode.UNKNOWN_USER) && username != null) {
            return new ChatAccountException("There is nobody called “" + username + "” on this homeserver.", rpc);
        }
        if (cause instanceof RpcException rpc && rpc.is(ErrorCode.NOT_SESSION_OWNER)) {
            return new ChatAccountException("Only the group's owner can do that.", rpc);
        }
        if (cause instanceof ConnectionException connection) {
            return new ChatAccountException(connection.getMessage() + " Try again once you are online.", connection);
        }
        String message = cause.getMessage() != null ? cause.getMessage() : "Something went wrong.";
        return new ChatAccountException(message, cause);
    }
}
