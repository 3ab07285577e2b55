package chat.mz.client.messaging;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.history.SessionFacts;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.ListSessionsParams;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.RenameSessionParams;
import chat.mz.protocol.session.SessionActionResult;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionMember;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionRole;
import chat.mz.protocol.session.SessionUserParams;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.protocol.sync.SyncEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating conversations and the membership flows: each call goes to the homeserver, and what it
 * answers is stored in the history before the future completes. Users are named by user id here;
 * {@link ContactBook} turns usernames into checked user ids.
 */
public final class Conversations {
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);
    private final HomeserverConnection connection;
    private final History history;
    private final Me me;
    private final Executor worker;
    private final Consumer<MessengerEvent> announce;
    private final RoomKeys roomKeys;
    private final Consumer<SyncEvent> siblings;

    /** @param siblings tells this account's other devices of an answer given here; called on the worker */
    Conversations(HomeserverConnection connection, History history, Me me, Executor worker,
                  Consumer<MessengerEvent> announce, RoomKeys roomKeys, Consumer<SyncEvent> siblings) {
        this.siblings = siblings;
        this.connection = connection;
        this.history = history;
        this.me = me;
        this.worker = worker;
        this.announce = announce;
        this.roomKeys = roomKeys;
    }

    /** A group with these members (user ids), this account its owner, not end-to-end encrypted. */
    public CompletableFuture<SessionInfo> createGroup(String name, List<String> memberUserIds) {
        return createGroup(name, memberUserIds, false);
    }

    /**
     * A group with these members (user ids), this account its owner. An encrypted one gets its first
     * room key from this device before the future completes, sealed to every member device.
     */
    public CompletableFuture<SessionInfo> createGroup(String name, List<String> memberUserIds, boolean e2ee) {
        CompletableFuture<SessionInfo> created = stored(connection.call(Methods.NEW_SESSION,
                NewSessionRequest.group(name, e2ee, memberUserIds)));
        if (!e2ee) {
            return created;
        }
        // the group exists once the homeserver answered: a first key that fails now is made by the first message
        return created.thenCompose(info -> roomKeys.rekey(info.sessionId()).handle((epoch, failure) -> {
            if (failure != null) {
                LOG.warn("The first room key of session {} could not be made yet: {}", info.sessionId(),
                        Messenger.cause(failure).getMessage());
            }
            return null;
        }).thenCompose(done -> refresh(info.sessionId())).thenApply(done -> info));
    }

    /** The 1:1 chat with this user: the existing one if there is one. */
    public CompletableFuture<SessionInfo> direct(String otherUserId) {
        return stored(connection.call(Methods.NEW_SESSION, NewSessionRequest.direct(otherUserId, false)));
    }

    /** Every session this account is in, as the homeserver knows them; stored as they come. */
    public CompletableFuture<List<SessionInfo>> syncAll() {
        return connection.call(Methods.LIST_SESSIONS, new ListSessionsParams()).thenApplyAsync(list -> {
            list.sessions().forEach(this::store);
            return list.sessions();
        }, worker);
    }

    /** Asks the owner to let this account in. */
    public CompletableFuture<Void> join(String sessionId) {
        return connection.call(Methods.JOIN_SESSION, new SessionRef(sessionId)).thenAcceptAsync(result -> {
            if (history.session(sessionId).map(s -> s.membership() != Membership.MEMBER).orElse(true)) {
                history.upsertSession(new SessionFacts(sessionId, history.session(sessionId).map(s -> s.name())
                        .orElse(""), false, false, Membership.JOIN_REQUESTED, "member"));
            }
            announce.accept(new MessengerEvent.SessionChanged(sessionId));
        }, worker);
    }

    /**
     * Lets a user in. In an encrypted session whose newcomers may read earlier messages, the current
     * room key goes with the answer, sealed to each of their devices.
     */
    public CompletableFuture<SessionActionResult> allow(String sessionId, String userId) {
        CompletableFuture<List<WrappedRoomKey>> keys = CompletableFuture.supplyAsync(
                () -> history.roomKeys().settings(sessionId).newMembersReadHistory(), worker)
                .thenCompose(readHistory -> readHistory ? roomKeys.currentKeyFor(sessionId, List.of(userId))
                        : CompletableFuture.completedFuture(List.of()));
        return changed(sessionId, answered(PendingRequest.Kind.JOIN_REQUEST, sessionId, userId, true,
                keys.thenCompose(wrapped -> connection.call(Methods.ALLOW_USER_JOIN_SESSION,
                        new SessionUserParams(sessionId, userId, wrapped.isEmpty() ? null : wrapped)))));
    }

    public CompletableFuture<SessionActionResult> deny(String sessionId, String userId) {
        return answered(PendingRequest.Kind.JOIN_REQUEST, sessionId, userId, false,
                connection.call(Methods.DENY_USER_JOIN_SESSION, new SessionUserParams(sessionId, userId)));
    }

    /** Invitations and join requests waiting for this account's answer, newest first. */
    public List<PendingRequest> pendingRequests() {
        return history.requests();
    }

    public CompletableFuture<SessionActionResult> invite(String sessionId, String userId) {
        return connection.call(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(sessionId, userId));
    }

    /** Accepts an invitation. */
    public CompletableFuture<SessionInfo> accept(String sessionId) {
        return stored(answered(PendingRequest.Kind.INVITATION, sessionId, null, true,
                connection.call(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(sessionId))));
    }

    /** Declines an invitation. */
    public CompletableFuture<Void> decline(String sessionId) {
        return answered(PendingRequest.Kind.INVITATION, sessionId, null, false,
                connection.call(Methods.DECLINE_SESSION_INVITATION, new SessionRef(sessionId)))
                .thenAcceptAsync(result -> setMembership(sessionId, Membership.LEFT), worker);
    }

    /**
     * Forgets the question once the homeserver took the answer, or said there is nothing to answer
     * (another device of this account answered first, or it was withdrawn). An answer given here is
     * told to this account's other devices, which stop asking too.
     */
    private <T> CompletableFuture<T> answered(PendingRequest.Kind kind, String sessionId, String userId,
                                              boolean yes, CompletableFuture<T> call) {
        return call.handleAsync((result, failure) -> {
            Throwable cause = failure == null ? null : Messenger.cause(failure);
            if (failure == null || cause instanceof RpcException rpc && rpc.is(ErrorCode.NO_SUCH_REQUEST)) {
                history.removeRequest(kind, sessionId, userId);
                announce.accept(new MessengerEvent.SessionChanged(sessionId));
            }
            if (failure != null) {
                throw new CompletionException(cause);
            }
            siblings.accept(kind == PendingRequest.Kind.INVITATION
                    ? new SyncEvent.InvitationAnswered(sessionId, yes)
                    : new SyncEvent.JoinRequestAnswered(sessionId, userId, yes));
            return result;
        }, worker);
    }

    public CompletableFuture<SessionActionResult> leave(String sessionId) {
        return connection.call(Methods.LEAVE_SESSION, new SessionRef(sessionId)).thenApplyAsync(result -> {
            setMembership(sessionId, Membership.LEFT);
            return result;
        }, worker);
    }

    public CompletableFuture<SessionActionResult> remove(String sessionId, String userId) {
        return changed(sessionId, connection.call(Methods.REMOVE_USER_FROM_SESSION,
                new SessionUserParams(sessionId, userId)));
    }

    public CompletableFuture<SessionActionResult> rename(String sessionId, String name) {
        return changed(sessionId, connection.call(Methods.RENAME_SESSION, new RenameSessionParams(sessionId, name)));
    }

    /** Fetches a session's facts and members into the history; a session one is no longer in is left as it is. */
    public CompletableFuture<Void> refresh(String sessionId) {
        return connection.call(Methods.GET_SESSION, new SessionRef(sessionId)).handleAsync((info, failure) -> {
            if (failure == null) {
                store(info);
            } else if (!(Messenger.cause(failure) instanceof RpcException rpc && rpc.is(ErrorCode.NOT_A_MEMBER))) {
                throw new CompletionException(Messenger.cause(failure));
            }
            return null;
        }, worker);
    }

    private CompletableFuture<SessionInfo> stored(CompletableFuture<SessionInfo> call) {
        return call.thenApplyAsync(info -> {
            store(info);
            return info;
        }, worker);
    }

    private <T> CompletableFuture<T> changed(String sessionId, CompletableFuture<T> call) {
        return call.thenCompose(result -> refresh(sessionId).thenApply(ignored -> result));
    }

    private void store(SessionInfo info) {
        roomKeys.rememberSettings(info);
        String name = info.name();
        if (info.direct() || name == null || name.isBlank()) {
            name = info.members().stream().filter(m -> !m.userId().equals(me.userId())).map(SessionMember::username)
                    .findFirst().orElse(name == null ? "" : name);
        }
        history.upsertSession(new SessionFacts(info.sessionId(), name, info.direct(), info.e2eeOn(),
                Membership.MEMBER, info.yourRole() == SessionRole.OWNER ? "owner" : "member"));
        history.replaceMembers(info.sessionId(), info.members().stream()
                .map(m -> new Member(info.sessionId(), m.userId(), m.username(), m.role().wireName())).toList());
        announce.accept(new MessengerEvent.SessionChanged(info.sessionId()));
    }

    private void setMembership(String sessionId, Membership membership) {
        history.session(sessionId).ifPresent(s -> history.upsertSession(new SessionFacts(s.sessionId(), s.name(),
                s.direct(), s.e2eeOn(), membership, s.myRole())));
        announce.accept(new MessengerEvent.SessionChanged(sessionId));
    }
}
