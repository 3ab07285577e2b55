package chat.mz.client.sync;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.history.History;
import chat.mz.history.StoredRoomKey;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History for a newly linked device. The device that has it offers it ({@link #offer}): how many
 * messages of how many conversations since when. The new device takes it ({@link #accept}) or
 * skips it ({@link #skip}); when taken, the history goes as sealed batches of about a thousand
 * entries, each with the conversations it starts and their room keys, straight to that device (not
 * through the sync outbox: a transfer is rebuilt from the history if it has to start again, so
 * nothing of it needs keeping). Up to {@link #IN_FLIGHT} batches are out at a time, so that the next
 * one is read and sealed while the homeserver stores the one before; the homeserver queues a
 * connection's calls in the order they came, and the last batch goes only once every other one is
 * in, so the new device never reports DONE with a batch missing. Both sides report
 * {@link TransferProgress}.
 *
 * <p>Everything runs on the messenger's thread; calls to the homeserver do not block it.
 */
public final class HistoryTransfers {
    /** What a new device is offered unless asked otherwise: the last 90 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
    private static final Logger LOG = LoggerFactory.getLogger(HistoryTransfers.class);
    /**
     * The history setting that answers offers on this device without asking: {@link #TAKE} or
     * {@link #SKIP}, chosen when it was linked from the command line; without it the app asks.
     */
    public static final String ANSWER_SETTING = "sync.history.answer";
    public static final String TAKE = "take";
    public static final String SKIP = "skip";
    /** Offers made are kept in the history's settings under this prefix, so a restart does not lose them. */
    private static final String OFFER_SETTING = "sync.history.offer.";
    /** Batches handed to the homeserver and not yet answered, at most. */
    static final int IN_FLIGHT = 2;

    /** An offer this device made: to whom, from when, and the conversations it covers. */
    private record Offer(String deviceId, Instant since, List<String> sessions, long total) {
    }

    private final HomeserverConnection connection;
    private final History history;
    private final DeviceSecrets secrets;
    private final OwnDevices own;
    private final SyncSender sender;
    private final Executor worker;
    private final Clock clock;
    private final SecureRandom random;
    private final Consumer<TransferProgress> report;
    private final SyncCodec codec = new SyncCodec();
    private final Map<String, Offer> made = new ConcurrentHashMap<>();
    private final Map<String, TransferProgress> transfers = new ConcurrentHashMap<>();

    /** @param report told of every change of a transfer, on the messenger's thread */
    public HistoryTransfers(HomeserverConnection connection, History history, DeviceSecrets secrets, OwnDevices own,
                            SyncSender sender, Executor worker, Clock clock, SecureRandom random,
                            Consumer<TransferProgress> report) {
        this.connection = connection;
        this.history = history;
        this.secrets = secrets;
        this.own = own;
        this.sender = sender;
        this.worker = worker;
        this.clock = clock;
        this.random = random;
        this.report = report;
    }

    /** Every transfer this device knows of while it runs, offered, under way or finished. */
    public List<TransferProgress> transfers() {
        return List.copyOf(transfers.values());
    }

    // ---- the device that has the history

    /** Offers another device of this account the history of {@code window}; answers the offer. On the worker. */
    public TransferProgress offer(String deviceId, Duration window) {
        Instant since = clock.instant().minus(window);
        Map<String, Long> counts = history.export().countsSince(since);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String transferId = SessionIds.random(random);
        made.put(transferId, new Offer(deviceId, since, List.copyOf(counts.keySet()), total));
        history.put(OFFER_SETTING + transferId, deviceId + " " + since.toEpochMilli() + " " + total);
        sender.publishTo(deviceId, new SyncEvent.HistoryOffer(transferId, since.toEpochMilli(), counts.size(), total));
        return update(new TransferProgress(transferId, deviceId, TransferProgress.Direction.SENDING,
                TransferProgress.State.OFFERED, 0, total, 0));
    }

    /** The device offered to takes the history: send it. */
    void requested(DeviceRef from, String transferId) {
        Offer offer = made.computeIfAbsent(transferId, this::storedOffer);
        if (offer == null || !offer.deviceId().equals(from.deviceId())) {
            made.remove(transferId);
            LOG.warn("Device {} asked for a history that was not offered to it", from.deviceId());
            return;
        }
        TransferProgress known = transfers.get(transferId);
        TransferProgress progress = update(known != null ? known.with(TransferProgress.State.RUNNING, 0, 0)
                : new TransferProgress(transferId, offer.deviceId(), TransferProgress.Direction.SENDING,
                        TransferProgress.State.RUNNING, 0, offer.total(), 0));
        recipient(from).thenAcceptAsync(recipient -> advance(new Cursor(transferId, offer, recipient, progress,
                        new HistoryReader(history, transferId, offer.since(), offer.sessions()))),
                worker).exceptionally(failure -> failed(transferId, failure));
    }

    /** The device offered to does not want it. */
    void skipped(DeviceRef from, String transferId) {
        Offer offer = made.computeIfAbsent(transferId, this::storedOffer);
        if (offer != null && offer.deviceId().equals(from.deviceId())) {
            forget(transferId);
            update(new TransferProgress(transferId, offer.deviceId(), TransferProgress.Direction.SENDING,
                    TransferProgress.State.SKIPPED, 0, offer.total(), 0));
        }
    }

    /** An offer made before this device last started, from the history's settings; null if there is none. */
    private Offer storedOffer(String transferId) {
        Optional<String> stored = history.value(OFFER_SETTING + transferId);
        if (stored.isEmpty()) {
            return null;
        }
        String[] parts = stored.get().split(" ");
        Instant since = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        return new Offer(parts[0], since, List.copyOf(history.export().countsSince(since).keySet()),
                Long.parseLong(parts[2]));
    }

    private void forget(String transferId) {
        made.remove(transferId);
        history.put(OFFER_SETTING + transferId, null);
    }

    /** What of a transfer is out. Used on the worker only. */
    private static final class Cursor {
        final String transferId;
        final Offer offer;
        final RecipientDevice recipient;
        /** One key for the whole transfer: the receiving device unwraps it once. */
        SyncEnvelope.Channel channel;
        /** Where the transfer has got to in the history. */
        final HistoryReader reader;
        /** The progress reported last: what the homeserver has taken. */
        TransferProgress progress;
        /** Batches handed to the homeserver and not yet answered. */
        int inFlight;
        /** The last batch, read and waiting for the answers to the ones before it. */
        SyncEvent.HistoryBatch held;
        /** Whether the last batch is out, or the transfer stopped: nothing more to send. */
        boolean ended;

        Cursor(String transferId, Offer offer, RecipientDevice recipient, TransferProgress progress,
               HistoryReader reader) {
            this.reader = reader;
            this.transferId = transferId;
            this.offer = offer;
            this.recipient = recipient;
            this.progress = progress;
        }
    }

    /** Sends what may go now; a batch that cannot be read stops the transfer. On the worker. */
    private void advance(Cursor cursor) {
        try {
            pump(cursor);
        } catch (RuntimeException e) {
            stop(cursor, e);
        }
    }

    /** Sends batches until {@link #IN_FLIGHT} are out, or the last one waits for the others. */
    private void pump(Cursor cursor) {
        while (!cursor.ended && cursor.inFlight < IN_FLIGHT) {
            SyncEvent.HistoryBatch batch = cursor.held != null ? cursor.held : cursor.reader.next();
            if (batch.last() && cursor.inFlight > 0) {
                cursor.held = batch;
                return;
            }
            cursor.held = null;
            cursor.ended = batch.last();
            send(cursor, batch);
        }
    }

    private void send(Cursor cursor, SyncEvent.HistoryBatch batch) {
        byte[] sealed;
        try {
            byte[] body = codec.encode(batch);
            SyncEnvelope.Header header = new SyncEnvelope.Header(secrets.device(), cursor.recipient.device(),
                    SessionIds.random(random), clock.instant());
            if (cursor.channel == null) {
                cursor.channel = SyncEnvelope.channel(secrets.device(), cursor.recipient, random);
            }
            SyncEnvelope.Channel channel = cursor.channel;
            sealed = secrets.withSigningKey(key -> SyncEnvelope.seal(header, body, key, channel, random));
        } catch (E2eeException e) {
            stop(cursor, e);
            return;
        }
        cursor.inFlight++;
        connection.call(Methods.SEND_SYNC_EVENT, new SendSyncEventParams(List.of(new SyncItem(
                        cursor.recipient.device().deviceId(), Base64.getEncoder().encodeToString(sealed)))))
                .whenCompleteAsync((answer, failure) -> {
                    cursor.inFlight--;
                    if (failure != null) {
                        stop(cursor, failure);
                        return;
                    }
                    if (cursor.progress.state() != TransferProgress.State.RUNNING) {
                        return; // stopped meanwhile
                    }
                    long sent = cursor.progress.done() + batch.entries().size();
                    long bytes = cursor.progress.bytes() + sealed.length;
                    if (batch.last()) {
                        forget(cursor.transferId);
                        cursor.progress = update(cursor.progress.with(TransferProgress.State.DONE, sent, bytes));
                    } else {
                        cursor.progress = update(cursor.progress.with(TransferProgress.State.RUNNING, sent, bytes));
                        advance(cursor);
                    }
                }, worker);
    }

    /** A batch could not go: send nothing more, and report the transfer failed once. On the worker. */
    private void stop(Cursor cursor, Throwable failure) {
        cursor.ended = true;
        cursor.held = null;
        if (cursor.progress.state() == TransferProgress.State.RUNNING) {
            LOG.warn("A history transfer stopped: {}", SyncSender.unwrap(failure).getMessage());
            made.remove(cursor.transferId);
            cursor.progress = update(cursor.progress.with(TransferProgress.State.FAILED, cursor.progress.done()));
        }
    }

    private CompletableFuture<RecipientDevice> recipient(DeviceRef device) {
        return own.certificate(device).thenApply(found -> {
            DeviceCertificate certificate = found.orElseThrow(() -> new IllegalStateException("Device "
                    + device.deviceId() + " is no longer on this account."));
            try {
                return RecipientDevice.of(certificate);
            } catch (E2eeException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    private Void failed(String transferId, Throwable failure) {
        LOG.warn("A history transfer stopped: {}", SyncSender.unwrap(failure).getMessage());
        made.remove(transferId);
        TransferProgress progress = transfers.get(transferId);
        if (progress != null) {
            worker.execute(() -> update(progress.with(TransferProgress.State.FAILED, progress.done())));
        }
        return null;
    }

    // ---- the new device

    /** Another device offers this one its history: wait for {@link #accept} or {@link #skip}. */
    void offered(DeviceRef from, SyncEvent.HistoryOffer offer) {
        update(new TransferProgress(offer.transferId(), from.deviceId(), TransferProgress.Direction.RECEIVING,
                TransferProgress.State.OFFERED, 0, offer.messages(), 0));
        Optional<String> answer = history.value(ANSWER_SETTING);
        if (answer.filter(TAKE::equals).isPresent()) {
            accept(offer.transferId());
        } else if (answer.filter(SKIP::equals).isPresent()) {
            skip(offer.transferId());
        }
    }

    /** Takes an offered history. On the worker. */
    public void accept(String transferId) {
        TransferProgress offer = offeredHere(transferId);
        sender.publishTo(offer.deviceId(), new SyncEvent.HistoryRequest(transferId));
        update(offer.with(TransferProgress.State.RUNNING, 0));
    }

    /** Declines an offered history. On the worker. */
    public void skip(String transferId) {
        TransferProgress offer = offeredHere(transferId);
        sender.publishTo(offer.deviceId(), new SyncEvent.HistorySkipped(transferId));
        update(offer.with(TransferProgress.State.SKIPPED, 0));
    }

    private TransferProgress offeredHere(String transferId) {
        TransferProgress offer = transfers.get(transferId);
        if (offer == null || offer.direction() != TransferProgress.Direction.RECEIVING) {
            throw new IllegalArgumentException("No history was offered to this device under that id.");
        }
        return offer;
    }

    /**
     * Stores a batch of a history this device asked for; answers the room keys it brought that were
     * new here, so what waited for them can be opened.
     */
    List<StoredRoomKey> batch(DeviceRef from, SyncEvent.HistoryBatch batch) {
        TransferProgress progress = transfers.get(batch.transferId());
        if (progress == null || progress.direction() != TransferProgress.Direction.RECEIVING
                || !progress.deviceId().equals(from.deviceId()) || progress.state() != TransferProgress.State.RUNNING) {
            LOG.warn("Dropped a history batch that was not asked for, from device {}", from.deviceId());
            return List.of();
        }
        List<StoredRoomKey> arrived = HistoryImport.store(history, batch, clock.instant());
        long done = progress.done() + batch.entries().size();
        update(progress.with(batch.last() ? TransferProgress.State.DONE : TransferProgress.State.RUNNING, done));
        return arrived;
    }

    private TransferProgress update(TransferProgress progress) {
        transfers.put(progress.transferId(), progress);
        report.accept(progress);
        return progress;
    }
}
