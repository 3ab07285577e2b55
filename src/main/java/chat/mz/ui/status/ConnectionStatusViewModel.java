package chat.mz.ui.status;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.client.connection.ConnectionState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the status bar says about the homeserver: a short text ("Connected", "Disconnected — retrying
 * in 7 s"), its {@link StatusTone}, a longer detail for the tooltip, and which homeserver it is. When
 * the homeserver refuses this device's login, that is what it says instead of "Connected"; once the
 * device is revoked, it says so for good, whatever the connection does.
 *
 * <p>Every input may come from any thread (connection states arrive on the connection's own threads);
 * the properties change only on the {@code uiThread} executor given to the constructor, so views can
 * bind to them directly. The countdown moves only when {@link #tick()} is called: the view calls it
 * while {@link #countingDownProperty()} is true, tests call it after moving their clock.
 */
public final class ConnectionStatusViewModel implements AutoCloseable {
    static final String CONNECTING = "Connecting…";
    static final String CONNECTED = "Connected";
    static final String DISCONNECTED = "Disconnected";
    static final String STARTING_HOMESERVER = "Starting the homeserver…";
    static final String EMBEDDED = "Embedded homeserver";
    static final String CONFIGURED = "Homeserver";
    static final String REVOKED = "This device was revoked. Link it again to use it.";
    static final String REVOKED_DETAIL = "The homeserver no longer accepts this device, so it cannot send or "
            + "receive anything. Link it to your account again from a device that still has access.";
    static final String REFUSED_PREFIX = "Connected, but the homeserver refused this device: ";
    private static final String SEPARATOR = " · ";

    private final Executor uiThread;
    private final Clock clock;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", CONNECTING);
    private final ReadOnlyObjectWrapper<StatusTone> tone = new ReadOnlyObjectWrapper<>(this, "tone", StatusTone.PROGRESS);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper homeserver = new ReadOnlyStringWrapper(this, "homeserver", "");
    private final ReadOnlyBooleanWrapper countingDown = new ReadOnlyBooleanWrapper(this, "countingDown", false);

    // touched only on the UI thread
    private Instant retryAt;
    private ConnectionState lastState;
    private String refusal;
    private boolean revoked;
    // followed from a worker thread, closed from the UI thread
    private Subscription subscription;
    private boolean closed;

    public ConnectionStatusViewModel(Executor uiThread, Clock clock) {
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The embedded homeserver is being started; no connection exists yet. */
    public void startingHomeserver() {
        uiThread.execute(() -> {
            homeserver.set(EMBEDDED);
            show(STARTING_HOMESERVER, StatusTone.PROGRESS, "");
        });
    }

    /**
     * The embedded homeserver could not start; nothing will retry, so the user must be told why.
     *
     * @param reason a short sentence a person understands, e.g. "Address already in use"
     */
    public void homeserverFailed(String reason) {
        uiThread.execute(() -> show("Could not start the homeserver: " + reason, StatusTone.DANGER,
                "The app cannot send or receive anything until it has a homeserver. Restart mzchat to try again."));
    }

    /**
     * The configured homeserver cannot even be tried (for example its address is not usable); nothing
     * will retry.
     *
     * @param reason a short sentence a person understands
     */
    public void connectionFailed(String reason) {
        uiThread.execute(() -> show("Could not connect to the homeserver: " + reason, StatusTone.DANGER,
                "Check the homeserver address in the settings, then restart mzchat."));
    }

    /**
     * Follows a connection from now on: subscribes at once (before the caller starts the connection,
     * so no state is missed) and shows where it goes.
     *
     * @param address  the homeserver's address, shown on the right of the status bar
     * @param embedded whether this is the homeserver the app runs itself
     * @param states   the connection's state stream
     */
    public synchronized void follow(URI address, boolean embedded, EventStream<ConnectionState> states) {
        // a connection made while the window was closing is not worth following
        if (closed) {
            return;
        }
        if (subscription != null) {
            subscription.close();
        }
        String label = (embedded ? EMBEDDED : CONFIGURED) + SEPARATOR + address;
        uiThread.execute(() -> homeserver.set(label));
        subscription = states.subscribe(state -> uiThread.execute(() -> apply(state)));
    }

    /** This device logged in: a refusal shown before is over. */
    public void loggedIn() {
        uiThread.execute(() -> {
            if (refusal != null) {
                refusal = null;
                reapply();
            }
        });
    }

    /**
     * The homeserver refused this device's login on the current connection (for a reason other than a
     * revocation); shown while this connection lasts, since the next one logs in afresh.
     *
     * @param reason the homeserver's sentence, e.g. "This certificate is not on the account's device list."
     */
    public void loginRefused(String reason) {
        uiThread.execute(() -> {
            refusal = reason == null || reason.isBlank() ? "no reason given." : reason.strip();
            reapply();
        });
    }

    /** This device was revoked: nothing it does will get it back in, so the status bar says so from now on. */
    public void deviceRevoked() {
        uiThread.execute(() -> {
            revoked = true;
            reapply();
        });
    }

    /** Re-reads the clock so a running countdown shows the seconds left. */
    public void tick() {
        uiThread.execute(() -> {
            if (retryAt != null) {
                text.set(retryText(retryAt));
            }
        });
    }

    /** Stops following the connection for good; later states, and later connections, are ignored. */
    @Override
    public synchronized void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StatusTone> toneProperty() {
        return tone.getReadOnlyProperty();
    }

    /** A longer explanation of the status, for a tooltip; may be empty. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Which homeserver, e.g. "Embedded homeserver · ws://127.0.0.1:41234"; empty until known. */
    public ReadOnlyStringProperty homeserverProperty() {
        return homeserver.getReadOnlyProperty();
    }

    /** True while the text counts down to the next attempt, i.e. while {@link #tick()} is worth calling. */
    public ReadOnlyBooleanProperty countingDownProperty() {
        return countingDown.getReadOnlyProperty();
    }

    private void reapply() {
        if (lastState != null) {
            apply(lastState);
        } else if (revoked) {
            show(REVOKED, StatusTone.DANGER, REVOKED_DETAIL);
        }
    }

    private void apply(ConnectionState state) {
        lastState = state;
        if (revoked) {
            show(REVOKED, StatusTone.DANGER, REVOKED_DETAIL);
            return;
        }
        if (!(state instanceof ConnectionState.Connected)) {
            // a new connection logs in again; its own answer decides what is shown then
            refusal = null;
        }
        if (state instanceof ConnectionState.Connecting connecting) {
            show(CONNECTING, StatusTone.PROGRESS,
                    connecting.attempt() > 1 ? "Attempt " + connecting.attempt() + " to reach the homeserver." : "");
        } else if (state instanceof ConnectionState.Connected) {
            if (refusal != null) {
                show(REFUSED_PREFIX + refusal, StatusTone.DANGER, "The app is connected but cannot act as this "
                        + "device until the homeserver accepts it.");
            } else {
                show(CONNECTED, StatusTone.SUCCESS, "");
            }
        } else if (state instanceof ConnectionState.Disconnected disconnected) {
            String why = disconnected.reason() == null || disconnected.reason().isBlank()
                    ? "" : "Last error: " + disconnected.reason();
            if (disconnected.retryAt() == null) {
                show(DISCONNECTED, StatusTone.WARNING, why);
            } else {
                show(retryText(disconnected.retryAt()), StatusTone.WARNING, why);
                retryAt = disconnected.retryAt();
                countingDown.set(true);
            }
        } else if (state instanceof ConnectionState.Closed) {
            show(DISCONNECTED, StatusTone.NEUTRAL, "");
        }
    }

    private void show(String newText, StatusTone newTone, String newDetail) {
        retryAt = null;
        countingDown.set(false);
        text.set(newText);
        tone.set(newTone);
        detail.set(newDetail);
    }

    private String retryText(Instant when) {
        long millis = Duration.between(clock.instant(), when).toMillis();
        if (millis <= 0) {
            return DISCONNECTED + " — retrying now";
        }
        // round up, so "in 1 s" shows until the attempt is actually due, never "in 0 s"
        long seconds = (millis + 999) / 1000;
        return DISCONNECTED + " — retrying in " + seconds + " s";
    }
}
