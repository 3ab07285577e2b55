package chat.mz.client.messaging;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.sync.DeviceSync;
import chat.mz.client.sync.OwnDevices;
import chat.mz.client.sync.SyncReceiver;
import chat.mz.client.sync.TransferProgress;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.history.SessionSummary;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SyncDelivery;
import chat.mz.protocol.sync.SyncEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's messaging: drains its queue on the homeserver into the local history, and sends
 * what the user writes through a durable outbox, so a message written offline, or during a crash,
 * is sent once the device is back. All history writes happen on one thread of its own, in order.
 *
 * <p>Tell it {@link #loggedIn()} every time the device has logged in on a new socket; it then
 * keeps one long-polling {@code fetch_events} going and sends what is waiting in the outbox.
 */
public final class Messenger implements AutoCloseable {
    /** How long a waiting fetch is held by the homeserver: below every client's call timeout. */
    public static final int FETCH_WAIT_SECONDS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Messenger.class);
    private static final long RETRY_MILLIS = 1_000;

    private final HomeserverConnection connection;
    private final History history;
    private final Me me;
    private final Clock clock;
    private final SecureRandom random;
    private final EventApplier applier;
    private final Conversations conversations;
    private final MemberDevices devices;
    private final RoomKeys roomKeys;
    private final OutboxSender sender;
    private final GroupEncryption encryption;
    private final DeviceSync sync;
    private final HistorySharing historySharing;
    private final ExecutorService worker;
    private final EventStream<MessengerEvent> events = new EventStream<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Subscription states;
    private volatile boolean online;
    private volatile boolean closed;

    /**
     * @param secrets this device's private keys, lent for sealing and opening room keys and messages
     */
    public Messenger(HomeserverConnection connection, History history, Me me, DeviceSecrets secrets, Clock clock,
                     SecureRandom random) {
        this.connection = connection;
        this.history = history;
        this.me = me;
        this.clock = clock;
        this.random = random;
        MemberDevices devices = new MemberDevices(new DeviceDirectory(connection, clock), clock);
        this.devices = devices;
        this.roomKeys = new RoomKeys(connection, history, secrets, devices, clock, random);
        this.applier = new EventApplier(history, me, clock, roomKeys, new RoomOpener(history, devices));
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "mzchat-messenger");
            thread.setDaemon(true);
            return thread;
        });
        OwnDevices own = fresh -> devices.of(me.userId(), fresh);
        EventStream<TransferProgress> transfers = new EventStream<>();
        this.sync = new DeviceSync(connection, history, secrets, own, worker, clock, random, transfers::publish);
        this.historySharing = new HistorySharing(sync.history(), transfers, worker, this::flushSync);
        this.conversations = new Conversations(connection, history, me, worker, events::publish, roomKeys,
                this::tellSiblings);
        this.encryption = new GroupEncryption(connection, history, roomKeys, devices, conversations, worker);
        this.sender = new OutboxSender(connection, history, new RoomSealer(history, secrets, random), roomKeys, worker,
                events::publish);
        this.states = connection.states().subscribe(state -> {
            if (!(state instanceof ConnectionState.Connected)) {
                online = false;
                generation.incrementAndGet();
            }
        });
    }

    /** Changes to conversations, after they are stored; delivered on the messenger's thread. */
    public EventStream<MessengerEvent> events() {
        return events;
    }

    /** Creating, joining and administering conversations. */
    public Conversations conversations() {
        return conversations;
    }

    /** Conversations' end-to-end encryption: switching, rotating, settings, key facts. */
    public GroupEncryption encryption() {
        return encryption;
    }

    public History history() {
        return history;
    }

    public Me me() {
        return me;
    }

    /** The device has logged in on a new socket: start receiving and send what is waiting. */
    public void loggedIn() {
        if (closed) {
            return;
        }
        online = true;
        long mine = generation.incrementAndGet();
        worker.execute(() -> {
            receive(mine, List.of());
            flushOutbox();
            flushSync();
        });
    }

    /**
     * The user has seen a conversation up to {@code seq}: stores the read marker and tells this
     * account's other devices, so what is read on one is read on all.
     *
     * @return whether the marker moved (it never moves back)
     */
    public CompletableFuture<Boolean> markRead(String sessionId, long seq) {
        return CompletableFuture.supplyAsync(() -> {
            boolean moved = history.markRead(sessionId, seq);
            if (moved) {
                tellSiblings(new SyncEvent.ReadUpTo(sessionId, seq));
            }
            return moved;
        }, worker);
    }

    /**
     * Sends the sync outbox now and completes when it is empty (for the command line, which exits
     * once its changes are with the homeserver). Fails if the homeserver cannot be reached.
     */
    public CompletableFuture<Void> syncNow() {
        return CompletableFuture.supplyAsync(sync::flush, worker).thenCompose(done -> done);
    }

    /** History for newly linked devices: offering it, taking or skipping it, and how transfers go. */
    public HistorySharing historySharing() {
        return historySharing;
    }

    /** Tells this account's other devices of a change made here; from any thread. */
    public void tellOtherDevices(SyncEvent event) {
        if (!closed) {
            worker.execute(() -> tellSiblings(event));
        }
    }

    /** Queues an event for this account's other devices and sends it when online. Runs on the worker. */
    private void tellSiblings(SyncEvent event) {
        sync.publish(event);
        flushSync();
    }

    private void flushSync() {
        if (!online || closed) {
            return;
        }
        sync.flush().exceptionally(failure -> {
            LOG.debug("Sync events wait for the next login: {}", cause(failure).getMessage());
            return null;
        });
    }

    /**
     * Writes a message, end-to-end encrypted when the conversation's encryption is on: see
     * {@link #send(String, String, boolean)}.
     */
    public CompletableFuture<Entry> send(String sessionId, String text) {
        return write(sessionId, text, null);
    }

    /**
     * Writes a message: stored at once as pending, sent when the homeserver can be reached. The
     * future completes with the entry as stored (pending) — watch {@link #events()} for it being sent.
     *
     * @param encrypt seal it under the conversation's room key (making the first key if there is
     *                none yet); false sends it in the clear, even in an encrypted conversation
     * @throws IllegalArgumentException (as the future's failure) for an empty or too long text
     */
    public CompletableFuture<Entry> send(String sessionId, String text, boolean encrypt) {
        return write(sessionId, text, encrypt);
    }

    /** @param encrypt null for what the conversation's encryption says */
    private CompletableFuture<Entry> write(String sessionId, String text, Boolean encrypt) {
        String problem = textProblem(text);
        if (problem != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        String messageId = SessionIds.random(random);
        Instant writtenAt = clock.instant();
        // one task on the messenger's thread: a message is stored before anything asked for after it
        return CompletableFuture.supplyAsync(() -> {
            boolean sealed = encrypt != null ? encrypt
                    : history.session(sessionId).map(SessionSummary::e2eeOn).orElse(false);
            Entry pending = new Entry(sessionId, null, messageId, me.userId(), me.deviceId(), me.username(),
                    Entry.Kind.TEXT, text, null, writtenAt, true, DeliveryState.PENDING,
                    sealed ? Protection.ENCRYPTED : Protection.PLAIN);
            history.addPending(pending);
            events.publish(new MessengerEvent.EntriesAdded(sessionId, List.of(pending)));
            flushOutbox();
            return pending;
        }, worker);
    }

    /**
     * Sends everything in the outbox now, oldest first, then the sync outbox, and completes when the
     * message outbox is empty (for the command line, which exits once its message is accepted).
     * Fails if the homeserver cannot be reached; what is unsent stays in the outbox.
     */
    public CompletableFuture<Void> sendOutboxNow() {
        return CompletableFuture.supplyAsync(history::outbox, worker).thenCompose(outbox -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Entry entry : outbox) {
                chain = chain.thenCompose(ignored -> sendOne(entry));
            }
            // then what this account's other devices should hear; what cannot go waits for the next time
            return chain.thenCompose(sent -> syncNow().exceptionally(failure -> null));
        });
    }

    /**
     * Fetches everything queued for this device, storing and acknowledging it batch by batch,
     * until a fetch comes back empty; waits up to {@code waitSeconds} for the first item. For the
     * command line; the app uses {@link #loggedIn()} instead.
     *
     * @return how many queue items were stored
     */
    public CompletableFuture<Integer> drain(int waitSeconds) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        drainStep(List.of(), Math.min(waitSeconds, FetchEventsParams.MAX_WAIT_SECONDS), 0, done);
        return done;
    }

    private void drainStep(List<Long> ack, int wait, int count, CompletableFuture<Integer> done) {
        connection.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack, FetchEventsParams.MAX_LIMIT, wait))
                .thenApplyAsync(this::store, worker)
                .whenComplete((stored, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(cause(failure));
                    } else if (stored.isEmpty() && ack.isEmpty()) {
                        done.complete(count);
                    } else {
                        drainStep(stored, 0, count + stored.size(), done);
                    }
                });
    }

    private void receive(long mine, List<Long> ack) {
        if (closed || mine != generation.get()) {
            return;
        }
        connection.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack, FetchEventsParams.MAX_LIMIT,
                        FETCH_WAIT_SECONDS))
                .thenApplyAsync(this::store, worker)
                .whenCompleteAsync((stored, failure) -> {
                    if (failure == null) {
                        receive(mine, stored);
                    } else if (online && mine == generation.get() && !closed) {
                        // the homeserver was busy or the history failed: try again shortly, acking nothing
                        LOG.warn("Receiving failed, trying again: {}", cause(failure).getMessage());
                        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, worker)
                                .execute(() -> receive(mine, List.of()));
                    }
                }, worker);
    }

    /**
     * Takes a batch as if {@code fetch_events} had answered it, on the messenger's thread: how a
     * test plays a homeserver that lies (replays, forged keys) without a second homeserver.
     */
    CompletableFuture<List<Long>> deliver(FetchEventsResult result) {
        return CompletableFuture.supplyAsync(() -> store(result), worker);
    }

    /** Stores a batch and announces it; answers the queue ids to acknowledge. Runs on the worker. */
    private List<Long> store(FetchEventsResult result) {
        if (result.events().isEmpty()) {
            return List.of();
        }
        EventApplier.Applied applied = applier.apply(result.events());
        applied.events().forEach(events::publish);
        List<SyncDelivery> deliveries = result.events().stream().filter(item -> item.sync() != null)
                .map(QueuedEvent::sync).toList();
        // answers to siblings (relayed keys, history requests) and requests for keys go out at once
        boolean toSend = !deliveries.isEmpty();
        if (!deliveries.isEmpty()) {
            SyncReceiver.Applied synced = sync.receive(deliveries);
            applier.keysArrived(synced.keys()).forEach(events::publish);
            synced.sessions().forEach(id -> events.publish(new MessengerEvent.SessionChanged(id)));
        }
        // messages under a key this device lacks: the account's other devices may hold it
        for (Map.Entry<String, Set<Long>> missing : applied.missingKeys().entrySet()) {
            Set<Long> lacking = missing.getValue().stream()
                    .filter(epoch -> history.roomKeys().get(missing.getKey(), epoch).isEmpty())
                    .collect(Collectors.toSet());
            toSend |= !lacking.isEmpty() && sync.askForKeys(missing.getKey(), lacking);
        }
        if (toSend) {
            flushSync();
        }
        refresh(applied.sessionsToRefresh());
        applied.rekey().forEach((sessionId, epoch) -> roomKeys.rekeyBelow(sessionId, epoch).whenCompleteAsync(
                (done, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not replace the room key of session {}: {}", sessionId,
                                cause(failure).getMessage());
                    }
                    flushOutbox();
                }, worker));
        applied.shareKeyWith().forEach(this::shareKey);
        return applied.queueIds();
    }

    /** Hands newcomers the current key once the session's settings are fresh, if it lets them read. */
    private void shareKey(String sessionId, List<String> userIds) {
        conversations.refresh(sessionId).thenCompose(done -> history.roomKeys().settings(sessionId)
                        .newMembersReadHistory() ? roomKeys.shareCurrentKey(sessionId, userIds)
                        : CompletableFuture.<Void>completedFuture(null))
                .exceptionally(failure -> {
                    LOG.warn("Could not give newcomers the room key of session {}: {}", sessionId,
                            cause(failure).getMessage());
                    return null;
                });
    }

    private void refresh(Set<String> sessionIds) {
        for (String sessionId : sessionIds) {
            conversations.refresh(sessionId);
        }
    }

    /** Sends the outbox one message at a time while online; one flush at a time. Runs on the worker. */
    private void flushOutbox() {
        if (!online || closed || !flushing.compareAndSet(false, true)) {
            return;
        }
        // one read of the outbox per round, not per message: a burst of thousands stays linear
        sendInOrder(new ArrayDeque<>(history.outbox()));
    }

    private void sendInOrder(Deque<Entry> round) {
        if (round.isEmpty()) {
            flushing.set(false);
            if (!history.outbox().isEmpty()) {
                flushOutbox(); // written while this round was under way
            }
            return;
        }
        sendOne(round.peekFirst()).whenCompleteAsync((ok, failure) -> {
            if (failure == null && online && !closed) {
                round.removeFirst();
                sendInOrder(round);
                return;
            }
            flushing.set(false);
            if (failure != null && online && !closed) {
                // busy, or a call timed out on a live socket; a lost socket is retried at the next login
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, worker)
                        .execute(this::flushOutbox);
            }
        }, worker);
    }

    private CompletableFuture<Void> sendOne(Entry entry) {
        return sender.send(entry);
    }

    /** Why a text cannot be sent, or null when it can. */
    public static String textProblem(String text) {
        if (text == null || text.isBlank()) {
            return "There is nothing to send.";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > SendMessageParams.MAX_TEXT_BYTES) {
            return "The message is too long (at most 16 KiB of text).";
        }
        return null;
    }

    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Stops receiving and sending; the history stays open (its owner closes it). */
    @Override
    public void close() {
        closed = true;
        online = false;
        generation.incrementAndGet();
        states.close();
        worker.shutdown();
        roomKeys.close();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
