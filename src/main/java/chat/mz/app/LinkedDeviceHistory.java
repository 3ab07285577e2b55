package chat.mz.app;

import chat.mz.client.Subscription;
import chat.mz.client.messaging.HistorySharing;
import chat.mz.client.sync.TransferProgress;
import chat.mz.ui.link.HistoryFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The message history for the devices one "Link a device" dialog links, on the messenger's
 * {@link HistorySharing}: offered to each device once linked ({@link #offer}), and followed for the
 * dialog ({@link #follow}).
 *
 * <p>It follows the transfers from the moment it is made, before any offer, so the first steps of a
 * transfer are never missed, and hands each one on under its lock: whoever follows gets where a
 * transfer stands and every later step, in order. {@link #close()} stops following; offers made go on.
 */
final class LinkedDeviceHistory implements HistoryFeed, AutoCloseable {
    private final HistorySharing sharing;
    private final Duration window;
    private final Subscription transfers;
    // guarded by this
    private final Map<String, Progress> latest = new HashMap<>();
    private final Map<String, List<Consumer<Progress>>> followers = new HashMap<>();

    /** @param window how far back the history offered goes */
    LinkedDeviceHistory(HistorySharing sharing, Duration window) {
        this.sharing = Objects.requireNonNull(sharing, "sharing");
        this.window = Objects.requireNonNull(window, "window");
        this.transfers = sharing.transfers().subscribe(this::changed);
    }

    /** Offers the history to a device just linked; a failure to offer is told to its followers. */
    void offer(String deviceId) {
        try {
            sharing.offer(deviceId, window).whenComplete((offered, failure) -> {
                if (failure != null) {
                    tell(deviceId, new Progress(Stage.FAILED, 0, 0, reason(failure)));
                }
            });
        } catch (RuntimeException e) {
            // the messenger is closing: the device is linked all the same
            tell(deviceId, new Progress(Stage.FAILED, 0, 0, reason(e)));
        }
    }

    @Override
    public synchronized Subscription follow(String deviceId, Consumer<Progress> listener) {
        followers.computeIfAbsent(deviceId, id -> new ArrayList<>()).add(listener);
        Progress now = latest.get(deviceId);
        if (now != null) {
            listener.accept(now);
        }
        return () -> {
            synchronized (this) {
                List<Consumer<Progress>> following = followers.get(deviceId);
                if (following != null) {
                    following.remove(listener);
                }
            }
        };
    }

    /** Stops following the transfers; the history offered goes on being sent. */
    @Override
    public void close() {
        transfers.close();
    }

    private void changed(TransferProgress progress) {
        // this device's offers only; a history offered to this device is not the dialog's business
        if (progress.direction() == TransferProgress.Direction.SENDING) {
            tell(progress.deviceId(), new Progress(Stage.valueOf(progress.state().name()), progress.done(),
                    progress.total()));
        }
    }

    private synchronized void tell(String deviceId, Progress progress) {
        latest.put(deviceId, progress);
        for (Consumer<Progress> listener : followers.getOrDefault(deviceId, List.of())) {
            listener.accept(progress);
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? "" : message;
    }
}
