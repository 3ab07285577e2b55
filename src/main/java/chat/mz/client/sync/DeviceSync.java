package chat.mz.client.sync;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.history.History;
import chat.mz.protocol.sync.SyncDelivery;
import chat.mz.protocol.sync.SyncEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * This device's part in keeping the account's devices in sync: the events it sends
 * ({@link SyncSender}), those it takes ({@link SyncReceiver}), history for new devices
 * ({@link HistoryTransfers}) and asking siblings for room keys it lacks. Everything runs on the
 * messenger's thread.
 */
public final class DeviceSync {
    /** How long a request for the same room key is not repeated: a sibling that has it answers at once. */
    static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(5);

    private final SyncSender sender;
    private final SyncReceiver receiver;
    private final HistoryTransfers transfers;
    private final Clock clock;
    private final Map<String, Instant> asked = new ConcurrentHashMap<>();

    /** @param progress told of every change of a history transfer, on the messenger's thread */
    public DeviceSync(HomeserverConnection connection, History history, DeviceSecrets secrets, OwnDevices own,
                      Executor worker, Clock clock, SecureRandom random, Consumer<TransferProgress> progress) {
        this.clock = clock;
        this.sender = new SyncSender(connection, history, secrets, own, worker, clock, random);
        this.transfers = new HistoryTransfers(connection, history, secrets, own, sender, worker, clock, random,
                progress);
        this.receiver = new SyncReceiver(history, secrets, own, clock, sender, transfers);
    }

    /** Queues an event for every other device of the account; {@link #flush} sends it. */
    public void publish(SyncEvent event) {
        sender.publish(event);
    }

    /** Sends what waits in the sync outbox; see {@link SyncSender#flush}. */
    public CompletableFuture<Void> flush() {
        return sender.flush();
    }

    /** Takes a batch's sync events; see {@link SyncReceiver#receive}. */
    public SyncReceiver.Applied receive(List<SyncDelivery> deliveries) {
        return receiver.receive(deliveries);
    }

    /** History for new devices, both ways. */
    public HistoryTransfers history() {
        return transfers;
    }

    /**
     * Asks the account's other devices for room keys this device lacks (it was offline when they
     * were made, or linked after), each key once per {@link #ASK_AGAIN_AFTER}. Answers whether a
     * request was queued.
     */
    public boolean askForKeys(String sessionId, Set<Long> epochs) {
        Instant now = clock.instant();
        List<Long> due = new ArrayList<>();
        for (long epoch : epochs) {
            String key = sessionId + "/" + epoch;
            Instant last = asked.get(key);
            if (last == null || !now.isBefore(last.plus(ASK_AGAIN_AFTER))) {
                asked.put(key, now);
                due.add(epoch);
            }
        }
        if (due.isEmpty()) {
            return false;
        }
        sender.publish(new SyncEvent.KeyRequest(sessionId, due.stream().sorted().limit(64).toList()));
        return true;
    }
}
