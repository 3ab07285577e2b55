package chat.mz.client.messaging;

import chat.mz.client.EventStream;
import chat.mz.client.sync.HistoryTransfers;
import chat.mz.client.sync.TransferProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * History for newly linked devices, as the messenger offers it: the device that has the history
 * offers it ({@link #offer}), the new device takes it ({@link #accept}) or skips it ({@link #skip}),
 * and both follow it in {@link #transfers()}. Each call runs on the messenger's thread.
 */
public final class HistorySharing {
    private final HistoryTransfers transfers;
    private final EventStream<TransferProgress> progress;
    private final Executor worker;
    private final Runnable send;

    HistorySharing(HistoryTransfers transfers, EventStream<TransferProgress> progress, Executor worker, Runnable send) {
        this.transfers = transfers;
        this.progress = progress;
        this.worker = worker;
        this.send = send;
    }

    /** Every change of every transfer, on the messenger's thread. */
    public EventStream<TransferProgress> transfers() {
        return progress;
    }

    /**
     * Offers a device of this account, typically one just linked, the history of the last
     * {@code window} ({@link HistoryTransfers#DEFAULT_WINDOW} unless the user chose otherwise).
     */
    public CompletableFuture<TransferProgress> offer(String deviceId, Duration window) {
        return CompletableFuture.supplyAsync(() -> {
            TransferProgress offer = transfers.offer(deviceId, window);
            send.run();
            return offer;
        }, worker);
    }

    /** Takes a history offered to this device. */
    public CompletableFuture<Void> accept(String transferId) {
        return CompletableFuture.runAsync(() -> {
            transfers.accept(transferId);
            send.run();
        }, worker);
    }

    /** Declines a history offered to this device. */
    public CompletableFuture<Void> skip(String transferId) {
        return CompletableFuture.runAsync(() -> {
            transfers.skip(transferId);
            send.run();
        }, worker);
    }

    /** Every transfer this device knows of while it runs, offered, under way or finished. */
    public CompletableFuture<List<TransferProgress>> known() {
        return CompletableFuture.supplyAsync(transfers::transfers, worker);
    }
}
