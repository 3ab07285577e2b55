package chat.mz.ui.link;

import chat.mz.client.Subscription;
import chat.mz.client.pairing.LinkException;
import chat.mz.client.qr.QrCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The "Link a device" dialog's state: {@link LinkDeviceState.Starting} → {@link LinkDeviceState.ShowingCode}
 * → {@link LinkDeviceState.DeviceFound} → {@link LinkDeviceState.Linking} → {@link LinkDeviceState.Linked},
 * or {@link LinkDeviceState.Failed} with a sentence saying what happened. Nothing is signed until
 * {@link #approve()}. Once linked, {@link #historyProperty()} follows the message history offered to
 * the new device, if any was.
 *
 * <p>The link's stages complete on the client core's threads; the properties change only on the
 * {@code uiThread} executor, and the commands are meant to be called there too. The countdown moves
 * when {@link #tick()} is called: the view calls it while {@link #countingDownProperty()} is true,
 * tests after moving their clock. A code that runs out ends the link.
 */
public final class LinkDeviceViewModel {
    static final String EXPIRED = LinkException.Reason.EXPIRED.message();
    static final String DENIED = "You denied the device. It was not linked.";

    private final LinkStarter starter;
    private final HistoryFeed historyFeed;
    private final Executor uiThread;
    private final Clock clock;
    private final ReadOnlyObjectWrapper<LinkDeviceState> state =
            new ReadOnlyObjectWrapper<>(this, "state", new LinkDeviceState.Starting());
    private final ReadOnlyObjectWrapper<QrCode> qrCode = new ReadOnlyObjectWrapper<>(this, "qrCode");
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper(this, "url", "");
    private final ReadOnlyStringWrapper countdown = new ReadOnlyStringWrapper(this, "countdown", "");
    private final ReadOnlyBooleanWrapper countingDown = new ReadOnlyBooleanWrapper(this, "countingDown", false);
    private final ReadOnlyBooleanWrapper closed = new ReadOnlyBooleanWrapper(this, "closed", false);
    private final ReadOnlyObjectWrapper<HistorySending> history = new ReadOnlyObjectWrapper<>(this, "history");

    // touched only on the UI thread
    private LinkStarter.Link current;
    private Instant expiresAt;
    private Subscription followingHistory;

    /**
     * For a device that offers no history to the devices it links.
     *
     * @param starter  starts each link (a new one for every code)
     * @param uiThread where the properties change: {@code Platform::runLater} in the app
     */
    public LinkDeviceViewModel(LinkStarter starter, Executor uiThread, Clock clock) {
        this(starter, HistoryFeed.NONE, uiThread, clock);
    }

    /**
     * @param starter  starts each link (a new one for every code)
     * @param history  how the history offered to a device once linked is getting on
     * @param uiThread where the properties change: {@code Platform::runLater} in the app
     */
    public LinkDeviceViewModel(LinkStarter starter, HistoryFeed history, Executor uiThread, Clock clock) {
        this.starter = Objects.requireNonNull(starter, "starter");
        this.historyFeed = Objects.requireNonNull(history, "history");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the first link; the dialog calls it when it opens. */
    public void start() {
        uiThread.execute(() -> {
            if (current == null && !closed.get()) {
                begin();
            }
        });
    }

    /** Cancels the link under way, unless the device is already being linked, and starts a fresh one. */
    public void newCode() {
        uiThread.execute(() -> {
            if (closed.get() || state.get() instanceof LinkDeviceState.Linking
                    || state.get() instanceof LinkDeviceState.Linked) {
                return;
            }
            if (current != null) {
                current.cancel();
            }
            begin();
        });
    }

    /** The person compared the check codes and said yes: sign and add the device. */
    public void approve() {
        uiThread.execute(() -> {
            if (state.get() instanceof LinkDeviceState.DeviceFound found && !closed.get()) {
                stopCountdown();
                state.set(new LinkDeviceState.Linking(found.name()));
                current.approve();
            }
        });
    }

    /** The person said no: the device is told and nothing is signed. */
    public void deny() {
        uiThread.execute(() -> {
            if (state.get() instanceof LinkDeviceState.DeviceFound && !closed.get()) {
                LinkStarter.Link denied = current;
                current = null;
                denied.deny();
                fail(DENIED);
            }
        });
    }

    /**
     * The dialog goes away: a link under way is cancelled, and nothing more is shown. A history
     * being sent goes on without the dialog.
     */
    public void close() {
        uiThread.execute(() -> {
            if (closed.get()) {
                return;
            }
            if (current != null && !(state.get() instanceof LinkDeviceState.Linked)) {
                current.cancel();
            }
            if (followingHistory != null) {
                followingHistory.close();
                followingHistory = null;
            }
            current = null;
            stopCountdown();
            closed.set(true);
        });
    }

    /** Re-reads the clock: updates the countdown and ends a link whose code ran out. */
    public void tick() {
        uiThread.execute(() -> {
            if (expiresAt == null) {
                return;
            }
            Duration left = Duration.between(clock.instant(), expiresAt);
            if (left.isZero() || left.isNegative()) {
                if (current != null) {
                    current.cancel();
                    current = null;
                }
                fail(EXPIRED);
            } else {
                countdown.set(countdownText(left));
            }
        });
    }

    /** Where linking stands. */
    public ReadOnlyObjectProperty<LinkDeviceState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The code to draw while {@link LinkDeviceState.ShowingCode}; null otherwise. */
    public ReadOnlyObjectProperty<QrCode> qrCodeProperty() {
        return qrCode.getReadOnlyProperty();
    }

    /** The link the code carries, to copy; empty when there is none. */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** "Expires in 4:32" while a code or a device waits; empty otherwise. */
    public ReadOnlyStringProperty countdownProperty() {
        return countdown.getReadOnlyProperty();
    }

    /** True while {@link #tick()} is worth calling. */
    public ReadOnlyBooleanProperty countingDownProperty() {
        return countingDown.getReadOnlyProperty();
    }

    /**
     * The message history being sent to the device just linked, or how that ended; null while
     * nothing was offered to it (or before it is linked).
     */
    public ReadOnlyObjectProperty<HistorySending> historyProperty() {
        return history.getReadOnlyProperty();
    }

    /** True once {@link #close()} was called: the window should go. */
    public ReadOnlyBooleanProperty closedProperty() {
        return closed.getReadOnlyProperty();
    }

    /** A sentence for a failed link: the link's own, or the failure's message. */
    static String sentence(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return LinkException.Reason.CANCELLED.message();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? LinkException.Reason.FAILED.message() : message;
    }

    /** "Expires in 4:32": minutes and seconds, rounded up so it never shows 0:00 while still valid. */
    static String countdownText(Duration left) {
        long seconds = (left.toMillis() + 999) / 1000;
        return String.format("Expires in %d:%02d", seconds / 60, seconds % 60);
    }

    private void begin() {
        stopCountdown();
        state.set(new LinkDeviceState.Starting());
        LinkStarter.Link link;
        try {
            link = starter.start();
        } catch (RuntimeException e) {
            current = null;
            fail(sentence(e));
            return;
        }
        current = link;
        // the QR code is encoded off the UI thread, where the link's stages complete
        link.code().thenApply(code -> new Shown(code, QrCode.encode(code.url())))
                .whenComplete((shown, error) -> uiThread.execute(() -> {
                    if (link != current || closed.get()) {
                        return;
                    }
                    if (error != null) {
                        failLink(error);
                    } else if (state.get() instanceof LinkDeviceState.Starting) {
                        qrCode.set(shown.qr());
                        url.set(shown.code().url());
                        state.set(new LinkDeviceState.ShowingCode(shown.code().url(), shown.code().expiresAt()));
                        startCountdown(shown.code().expiresAt());
                    }
                }));
        link.request().whenComplete((request, error) -> uiThread.execute(() -> {
            if (link != current || closed.get()) {
                return;
            }
            if (error != null) {
                failLink(error);
            } else if (state.get() instanceof LinkDeviceState.ShowingCode
                    || state.get() instanceof LinkDeviceState.Starting) {
                clearCode();
                state.set(new LinkDeviceState.DeviceFound(request.deviceName(), request.platform(),
                        request.fingerprint(), request.checkCode(), request.expiresAt()));
                startCountdown(request.expiresAt());
            }
        }));
        link.linked().whenComplete((device, error) -> uiThread.execute(() -> {
            if (link != current || closed.get()) {
                return;
            }
            if (error != null) {
                failLink(error);
            } else {
                stopCountdown();
                state.set(new LinkDeviceState.Linked(device.name()));
                followHistory(device);
            }
        }));
    }

    /** Shows the history offered to the device as it goes; its changes come from the client core's threads. */
    private void followHistory(LinkStarter.NewDevice device) {
        followingHistory = historyFeed.follow(device.id(), progress -> uiThread.execute(() -> {
            if (!closed.get()) {
                history.set(HistorySending.of(device.name(), progress));
            }
        }));
    }

    private void failLink(Throwable error) {
        if (!(state.get() instanceof LinkDeviceState.Linked) && !(state.get() instanceof LinkDeviceState.Failed)) {
            current = null;
            fail(sentence(error));
        }
    }

    private void fail(String message) {
        stopCountdown();
        clearCode();
        state.set(new LinkDeviceState.Failed(message));
    }

    private void clearCode() {
        qrCode.set(null);
        url.set("");
    }

    private void startCountdown(Instant until) {
        expiresAt = until;
        Duration left = Duration.between(clock.instant(), until);
        countdown.set(countdownText(left.isNegative() ? Duration.ZERO : left));
        countingDown.set(true);
    }

    private void stopCountdown() {
        expiresAt = null;
        countdown.set("");
        countingDown.set(false);
    }

    private record Shown(LinkStarter.Code code, QrCode qr) {
    }
}
