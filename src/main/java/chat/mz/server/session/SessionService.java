package chat.mz.server.session;

import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SessionActionResult;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionList;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.server.Cancellable;
import chat.mz.server.Scheduler;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.rpc.Dispatcher;
import chat.mz.server.store.DeviceKey;
import chat.mz.server.store.OutgoingMessage;
import chat.mz.server.store.QueueStore;
import chat.mz.server.store.RoomKeyStore;
import chat.mz.server.store.SessionStore;
import chat.mz.server.store.StoreChange;
import chat.mz.server.store.StoreExecutor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the conversation methods (docs/PROTOCOL.md, "Conversations", and with
 * {@link RoomKeyHandlers} "End-to-end encryption of conversations"): checks the shape of each
 * call and who is calling, runs the change on a store thread, and once it is committed wakes the
 * waiting {@code fetch_events} of every device it queued something for. A waiting fetch holds no
 * thread: it is a future completed by a signal or by its timer.
 */
public final class SessionService {
    /** Waiting {@code fetch_events} calls one connection may hold at once. */
    public static final int MAX_WAITS_PER_CONNECTION = 4;
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

    private final SessionStore sessions;
    private final QueueStore queues;
    private final StoreExecutor executor;
    private final Clock clock;
    private final Scheduler scheduler;
    private final SecureRandom random;
    private final QueueSignals signals = new QueueSignals();
    private final StoreCalls calls;
    private final RoomKeyHandlers roomKeys;
    private final SyncHandlers sync;

    /**
     * @param roomKeys the conversations' room key state, for the end-to-end encryption methods
     * @param random   makes session ids, which are capabilities to ask to join: they must not be guessable
     */
    public SessionService(SessionStore sessions, RoomKeyStore roomKeys, QueueStore queues, StoreExecutor executor,
                          Clock clock, Scheduler scheduler, SecureRandom random) {
        this.sessions = sessions;
        this.queues = queues;
        this.executor = executor;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.calls = new StoreCalls(executor, signals);
        this.roomKeys = new RoomKeyHandlers(roomKeys, calls, clock);
        this.sync = new SyncHandlers(queues, calls, clock);
    }

    /** Serves the conversation methods and {@code send_sync_event} through {@code dispatcher}. */
    public void register(Dispatcher dispatcher) {
        dispatcher.register(Methods.NEW_SESSION, (c, p) -> newSession(caller(c), p));
        dispatcher.register(Methods.GET_SESSION, (c, p) -> {
            DeviceKey me = caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            return executor.run(() -> sessions.info(id, me.userId(), clock.instant()));
        });
        dispatcher.register(Methods.LIST_SESSIONS, (c, p) -> {
            DeviceKey me = caller(c);
            return executor.run(() -> new SessionList(sessions.sessionsOf(me.userId(), clock.instant())));
        });
        dispatcher.register(Methods.SEND_MESSAGE, (c, p) -> send(caller(c), p));
        dispatcher.register(Methods.FETCH_EVENTS, this::fetch);
        dispatcher.register(Methods.JOIN_SESSION, (c, p) -> action(caller(c), p.sessionId(),
                (me, id) -> sessions.requestJoin(me, id, clock.instant())));
        dispatcher.register(Methods.ALLOW_USER_JOIN_SESSION, (c, p) -> {
            List<WrappedRoomKey> keys = RoomKeyChecks.roomKeys(p.roomKeys());
            return action(caller(c), p.sessionId(), withUser(p.userId(), (me, id, user) ->
                    sessions.allowJoin(me, id, user, keys, clock.instant())));
        });
        dispatcher.register(Methods.DENY_USER_JOIN_SESSION, (c, p) -> action(caller(c), p.sessionId(),
                withUser(p.userId(), (me, id, user) -> sessions.denyJoin(me, id, user, clock.instant()))));
        dispatcher.register(Methods.INVITE_USER_TO_SESSION, (c, p) -> action(caller(c), p.sessionId(),
                withUser(p.userId(), (me, id, user) -> sessions.invite(me, id, user, clock.instant()))));
        dispatcher.register(Methods.ACCEPT_JOIN_SESSION_APPROVAL, (c, p) -> {
            DeviceKey me = caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            return change(() -> sessions.acceptInvitation(me, id, clock.instant()), Function.identity());
        });
        dispatcher.register(Methods.DECLINE_SESSION_INVITATION, (c, p) -> action(caller(c), p.sessionId(),
                sessions::declineInvitation));
        dispatcher.register(Methods.LEAVE_SESSION, (c, p) -> action(caller(c), p.sessionId(),
                (me, id) -> sessions.leave(me, id, clock.instant())));
        dispatcher.register(Methods.REMOVE_USER_FROM_SESSION, (c, p) -> action(caller(c), p.sessionId(),
                withUser(p.userId(), (me, id, user) -> sessions.remove(me, id, user, clock.instant()))));
        dispatcher.register(Methods.RENAME_SESSION, (c, p) -> {
            DeviceKey me = caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            String name = SessionChecks.name(p.name());
            return change(() -> sessions.rename(me, id, name, clock.instant()), SessionActionResult::new);
        });
        roomKeys.register(dispatcher);
        sync.register(dispatcher);
    }

    /**
     * Drops everything queued for a device that was just revoked, and marks the encrypted sessions
     * of its user for a new room key (the device held the current one). Call it on a store thread
     * once the revocation is committed (from then on nothing new is queued for the device).
     */
    public void deviceRevoked(String userId, String deviceId) {
        DeviceKey device = new DeviceKey(userId, deviceId);
        int dropped = queues.drop(device);
        int marked = roomKeys.deviceRevoked(device);
        LOG.info("Dropped {} queued items of revoked device {} of {}; {} encrypted conversations due for a new key",
                dropped, deviceId, userId, marked);
    }

    /** The node's wake-ups, for gauges and tests. */
    public QueueSignals signals() {
        return signals;
    }

    private CompletionStage<SessionInfo> newSession(DeviceKey me, NewSessionRequest request) {
        List<String> members = SessionChecks.members(request.members(), me.userId(), request.direct());
        String name = request.direct() ? null : SessionChecks.name(request.name());
        String id = SessionIds.random(random);
        return change(() -> sessions.create(id, me, name, request.direct(), request.e2eeOn(), members,
                clock.instant()), Function.identity());
    }

    private CompletionStage<SendMessageResult> send(DeviceKey me, SendMessageParams params) {
        String id = SessionChecks.sessionId(params.sessionId());
        String messageId = SessionChecks.messageId(params.messageId());
        OutgoingMessage message = RoomKeyChecks.message(params, messageId);
        return change(() -> sessions.send(me, id, message, clock.instant()), outcome -> {
            if (outcome.refusal() != null) {
                throw new RpcException(outcome.refusal());
            }
            return outcome.sent();
        });
    }

    private CompletionStage<FetchEventsResult> fetch(ConnectionContext connection, FetchEventsParams params) {
        DeviceKey me = caller(connection);
        int limit = SessionChecks.fetch(params);
        Supplier<List<QueuedEvent>> acknowledgeThenLook = () -> {
            StoreChange<Integer> acked = queues.acknowledge(me, params.ack(), clock.instant());
            signals.signal(acked.queuedFor());
            return queues.fetch(me, limit);
        };
        if (params.waitSeconds() == 0) {
            return executor.run(acknowledgeThenLook).thenApply(FetchEventsResult::new);
        }
        ConnectionFetches waiting = connection.state(ConnectionFetches.class, () -> {
            ConnectionFetches fresh = new ConnectionFetches(MAX_WAITS_PER_CONNECTION);
            connection.onClose(fresh::cancelAll);
            return fresh;
        });
        FetchWait wait = new FetchWait(() -> executor.run(() -> queues.fetch(me, limit)));
        if (!waiting.add(wait)) {
            return CompletableFuture.failedFuture(new CancellationException("the connection closed"));
        }
        // subscribed before the first look: whatever is committed after that look began wakes the call
        Cancellable subscription = signals.subscribe(me, wait::wake);
        Cancellable timeout = scheduler.schedule(Duration.ofSeconds(params.waitSeconds()), wait::timeOut);
        wait.attach(subscription, timeout, () -> waiting.remove(wait));
        wait.start(executor.run(acknowledgeThenLook));
        return wait.result();
    }

    @FunctionalInterface
    private interface SessionAction {
        StoreChange<Long> apply(DeviceKey me, String sessionId);
    }

    @FunctionalInterface
    private interface UserAction {
        StoreChange<Long> apply(DeviceKey me, String sessionId, String userId);
    }

    private SessionAction withUser(String userId, UserAction action) {
        String user = SessionChecks.userId("user_id", userId);
        return (me, id) -> action.apply(me, id, user);
    }

    private CompletionStage<SessionActionResult> action(DeviceKey me, String sessionId, SessionAction action) {
        String id = SessionChecks.sessionId(sessionId);
        return change(() -> action.apply(me, id), SessionActionResult::new);
    }

    private <T, R> CompletionStage<R> change(Supplier<StoreChange<T>> work, Function<T, R> answer) {
        return calls.change(work, answer);
    }

    private static DeviceKey caller(ConnectionContext connection) {
        return StoreCalls.caller(connection);
    }
}
