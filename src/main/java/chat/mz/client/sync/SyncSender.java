package chat.mz.client.sync;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.history.History;
import chat.mz.history.OutgoingSync;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this device's sync events to its siblings: each is written to the history's sync outbox
 * first, then sealed to every other device on the account's verified list and handed to the
 * homeserver in one {@code send_sync_event}, oldest first. What cannot be sent now (offline, the
 * homeserver busy) stays in the outbox for the next {@link #flush}; an event no device can take
 * (this is the account's only device) leaves it at once.
 *
 * <p>{@link #publish} and {@link #flush} run on the caller's thread, which must be the messenger's:
 * the outbox is read and written there only.
 */
public final class SyncSender {
    private static final Logger LOG = LoggerFactory.getLogger(SyncSender.class);
    private static final int ROUND = 50;
    /** How long one key (and its wrap) serves the events to one device. */
    static final Duration CHANNEL_LIFETIME = Duration.ofHours(1);

    private final HomeserverConnection connection;
    private final History history;
    private final DeviceSecrets secrets;
    private final OwnDevices own;
    private final Executor worker;
    private final Clock clock;
    private final SecureRandom random;
    private final SyncCodec codec = new SyncCodec();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Map<RecipientDevice, Held> channels = new ConcurrentHashMap<>();

    /** @param worker the messenger's thread, where the outbox is read and written */
    public SyncSender(HomeserverConnection connection, History history, DeviceSecrets secrets, OwnDevices own,
                      Executor worker, Clock clock, SecureRandom random) {
        this.connection = connection;
        this.history = history;
        this.secrets = secrets;
        this.own = own;
        this.worker = worker;
        this.clock = clock;
        this.random = random;
    }

    /** Stores {@code event} for every other device in the sync outbox; {@link #flush} sends it. */
    public String publish(SyncEvent event) {
        return publishTo(null, event);
    }

    /** Stores {@code event} for one device ({@code null}: every other device); answers its event id. */
    public String publishTo(String deviceId, SyncEvent event) {
        String eventId = SessionIds.random(random);
        history.syncLog().queue(new OutgoingSync(eventId, deviceId, codec.encode(event), clock.instant()));
        return eventId;
    }

    /**
     * Sends the outbox, oldest first; completes when it is empty or a send failed (what failed
     * stays for the next flush). One flush runs at a time: a second call while one runs answers at
     * once, and the running one picks up what was added meanwhile.
     */
    public CompletableFuture<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        round(done);
        return done.whenComplete((ok, failure) -> flushing.set(false));
    }

    private void round(CompletableFuture<Void> done) {
        List<OutgoingSync> waiting = history.syncLog().outbox(ROUND);
        if (waiting.isEmpty()) {
            done.complete(null);
            return;
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (OutgoingSync event : waiting) {
            chain = chain.thenComposeAsync(ignored -> send(event, false), worker);
        }
        chain.whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                done.completeExceptionally(unwrap(failure));
            } else {
                round(done);
            }
        }, worker);
    }

    /** Seals one event to every sibling on the list and sends it; on the worker. */
    private CompletableFuture<Void> send(OutgoingSync event, boolean freshList) {
        return own.list(freshList).thenComposeAsync(devices -> {
            List<SyncItem> items;
            try {
                items = seal(event, devices);
            } catch (E2eeException e) {
                LOG.warn("A sync event could not be sealed and is dropped: {}", e.getMessage());
                history.syncLog().sent(event.eventId());
                return CompletableFuture.completedFuture(null);
            }
            if (items.isEmpty() && event.toDevice() != null && !freshList) {
                return send(event, true); // a device linked since the list was fetched
            }
            if (items.isEmpty()) {
                history.syncLog().sent(event.eventId());
                return CompletableFuture.completedFuture(null);
            }
            return connection.call(Methods.SEND_SYNC_EVENT, new SendSyncEventParams(items))
                    .thenAcceptAsync(result -> history.syncLog().sent(event.eventId()), worker)
                    .exceptionallyComposeAsync(failure -> refused(event, unwrap(failure), freshList), worker);
        }, worker);
    }

    /** A device on the list held was revoked meanwhile: look again once; what cannot go is dropped. */
    private CompletableFuture<Void> refused(OutgoingSync event, Throwable failure, boolean freshList) {
        if (failure instanceof RpcException rpc && rpc.is(ErrorCode.NOT_A_SIBLING_DEVICE) && !freshList) {
            return send(event, true);
        }
        if (failure instanceof RpcException rpc && (rpc.is(ErrorCode.NOT_A_SIBLING_DEVICE)
                || rpc.is(ErrorCode.SYNC_EVENT_TOO_LARGE) || rpc.is(ErrorCode.INVALID_PARAMS))) {
            LOG.warn("The homeserver refused a sync event, which is dropped: {}", rpc.getMessage());
            history.syncLog().sent(event.eventId());
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(failure);
    }

    private List<SyncItem> seal(OutgoingSync event, VerifiedDevices devices) throws E2eeException {
        DeviceRef me = secrets.device();
        byte[] body = event.body();
        List<SyncItem> items = new ArrayList<>();
        for (DeviceCertificate certificate : devices.devices()) {
            DeviceRef to = DeviceRef.of(certificate);
            if (to.equals(me) || event.toDevice() != null && !event.toDevice().equals(to.deviceId())) {
                continue;
            }
            SyncEnvelope.Channel channel = channel(me, RecipientDevice.of(certificate));
            SyncEnvelope.Header header = new SyncEnvelope.Header(me, to, event.eventId(), event.createdAt());
            byte[] sealed = secrets.withSigningKey(key -> SyncEnvelope.seal(header, body, key, channel, random));
            items.add(new SyncItem(to.deviceId(), Base64.getEncoder().encodeToString(sealed)));
        }
        return items;
    }

    /**
     * The channel to a device: kept for {@link #CHANNEL_LIFETIME}, so the device unwraps one key
     * per hour rather than one per event, and made again when its certificate's key changed.
     */
    private SyncEnvelope.Channel channel(DeviceRef me, RecipientDevice recipient) throws E2eeException {
        Held held = channels.get(recipient);
        if (held != null && clock.instant().isBefore(held.madeAt().plus(CHANNEL_LIFETIME))) {
            return held.channel();
        }
        SyncEnvelope.Channel channel = SyncEnvelope.channel(me, recipient, random);
        channels.put(recipient, new Held(channel, clock.instant()));
        return channel;
    }

    private record Held(SyncEnvelope.Channel channel, Instant madeAt) {
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
