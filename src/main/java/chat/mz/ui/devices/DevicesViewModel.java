package chat.mz.ui.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Devices section shows: every device of the account, this one marked, each other one with
 * Revoke and when it was last seen, and the confirmation that names the device before anything is
 * revoked. Last seen is optional: the list shows without it, and fills it in when it arrives.
 *
 * <p>The {@link DeviceAccount} is called on the {@code background} executor, never on the UI thread;
 * every property and the row list change only on the {@code uiThread} executor, so views can bind to
 * them directly. Call the public methods on the UI thread.
 */
public final class DevicesViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DevicesViewModel.class);
    static final String UNKNOWN_NAME = "Unknown device";
    static final String LOADING_TEXT = "Checking the device list against your identity key…";
    static final String NOT_VERIFIED_PREFIX = "The device list could not be checked against your identity key: ";
    static final String NOT_VERIFIED_ADVICE = " Don't trust what it shows, and don't link or revoke devices until "
            + "this is resolved; the homeserver may be hiding or adding devices.";
    static final String NOT_LOADED_PREFIX = "The device list could not be loaded: ";
    static final String CANNOT_REVOKE_HINT = "Only the account's authorized device (the one that created it) can "
            + "revoke devices.";

    private final DeviceAccount account;
    private final Executor uiThread;
    private final Executor background;
    private final Clock clock;
    private final DateTimeFormatter dates;

    private final ObservableList<DeviceRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DeviceRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper securityWarning = new ReadOnlyBooleanWrapper(this, "securityWarning", false);
    private final ReadOnlyObjectWrapper<DeviceRow> pendingRevoke = new ReadOnlyObjectWrapper<>(this, "pendingRevoke");
    private final ReadOnlyStringWrapper confirmation = new ReadOnlyStringWrapper(this, "confirmation", "");
    private final ReadOnlyBooleanWrapper revoking = new ReadOnlyBooleanWrapper(this, "revoking", false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    // touched only on the UI thread
    private final Map<String, DeviceRecord> seen = new HashMap<>();
    private List<DeviceRecord> shown = List.of();
    private Map<String, DeviceSeen> activity = Map.of();
    private long generation;

    /**
     * @param account    the account's devices
     * @param uiThread   runs on the JavaFX thread ({@code Platform::runLater} in the app)
     * @param background runs the account's calls off the UI thread
     * @param clock      its zone decides the dates shown, its time how long ago a device was seen
     */
    public DevicesViewModel(DeviceAccount account, Executor uiThread, Executor background, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dates = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(clock.getZone());
    }

    /** The devices, this one first, revoked ones last. */
    public ObservableList<DeviceRow> rows() {
        return readOnlyRows;
    }

    /** True while the list is being fetched and checked. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** What went wrong, as a sentence; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when {@link #errorProperty()} says the list did not check out: show it as a security warning. */
    public ReadOnlyBooleanProperty securityWarningProperty() {
        return securityWarning.getReadOnlyProperty();
    }

    /** The row waiting for the user to confirm its revocation, or null. */
    public ReadOnlyObjectProperty<DeviceRow> pendingRevokeProperty() {
        return pendingRevoke.getReadOnlyProperty();
    }

    /** The question that names the device waiting to be revoked; empty when none is. */
    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** True from confirming until the homeserver has answered. */
    public ReadOnlyBooleanProperty revokingProperty() {
        return revoking.getReadOnlyProperty();
    }

    /** A short report of what just happened, e.g. "“Ada's phone” was revoked."; empty otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Whether this device can revoke others at all. */
    public boolean canRevoke() {
        return account.canRevoke();
    }

    /** A sentence explaining why there is no Revoke, or empty when there is. */
    public String revokeHint() {
        return account.canRevoke() ? "" : CANNOT_REVOKE_HINT;
    }

    /** Fetches and checks the list again; the rows stay as they are until it arrives. */
    public void refresh() {
        load(false);
    }

    /** @param keepError whether a successful load leaves the error shown (one a failed revocation set) */
    private void load(boolean keepError) {
        long mine = ++generation;
        loading.set(true);
        call(account::devices).whenComplete((records, failure) -> uiThread.execute(() -> {
            if (mine != generation) {
                return; // a newer load is under way
            }
            loading.set(false);
            if (failure != null) {
                showLoadFailure(unwrap(failure));
            } else {
                if (!keepError) {
                    error.set("");
                    securityWarning.set(false);
                }
                show(records);
            }
        }));
        call(account::activity).whenComplete((times, failure) -> uiThread.execute(() -> {
            if (mine != generation) {
                return;
            }
            if (failure != null) {
                // only the times are missing; the list itself says whether it could be loaded
                LOG.info("Last seen times could not be loaded: {}", unwrap(failure).toString());
                return;
            }
            activity = Map.copyOf(times);
            render();
        }));
    }

    /** Asks to revoke {@code row}: shows the confirmation naming it; nothing is sent yet. */
    public void revoke(DeviceRow row) {
        Objects.requireNonNull(row, "row");
        if (!row.revocable() || revoking.get()) {
            return;
        }
        pendingRevoke.set(row);
        confirmation.set("Revoke “" + row.name() + "”? It will be signed out at once and can't be used with this "
                + "account until it is linked again.");
        notice.set("");
    }

    /** Leaves the device as it is. */
    public void cancelRevoke() {
        if (revoking.get()) {
            return;
        }
        pendingRevoke.set(null);
        confirmation.set("");
    }

    /** Revokes the device named in the confirmation, then reloads the list. */
    public void confirmRevoke() {
        DeviceRow row = pendingRevoke.get();
        if (row == null || revoking.get()) {
            return;
        }
        revoking.set(true);
        error.set("");
        securityWarning.set(false);
        call(() -> account.revoke(row.deviceId())).whenComplete((ignored, failure) -> uiThread.execute(() -> {
            revoking.set(false);
            pendingRevoke.set(null);
            confirmation.set("");
            if (failure != null) {
                Throwable cause = unwrap(failure);
                error.set("“" + row.name() + "” could not be revoked: " + sentence(cause));
                securityWarning.set(cause instanceof DeviceAccountException e
                        && e.problem() == DeviceAccountException.Problem.NOT_VERIFIED);
                load(true);
            } else {
                notice.set("“" + row.name() + "” was revoked. It can no longer be used with this account.");
                markRevoked(row);
                load(false);
            }
        }));
    }

    private void showLoadFailure(Throwable cause) {
        boolean unverified = cause instanceof DeviceAccountException e
                && e.problem() == DeviceAccountException.Problem.NOT_VERIFIED;
        securityWarning.set(unverified);
        if (unverified) {
            // what was shown before was never checked against this answer; don't leave it looking trusted
            shown = List.of();
            rows.clear();
            error.set(NOT_VERIFIED_PREFIX + sentence(cause) + NOT_VERIFIED_ADVICE);
        } else {
            error.set(NOT_LOADED_PREFIX + sentence(cause));
        }
    }

    private void show(List<DeviceRecord> records) {
        List<DeviceRecord> filled = new ArrayList<>();
        for (DeviceRecord record : records) {
            DeviceRecord complete = record.filledFrom(seen.get(record.deviceId()));
            seen.put(record.deviceId(), complete);
            filled.add(complete);
        }
        shown = filled;
        render();
    }

    private void render() {
        List<DeviceRecord> filled = new ArrayList<>(shown);
        String self = account.thisDeviceId();
        filled.sort(Comparator.<DeviceRecord>comparingInt(r -> r.deviceId().equals(self) ? 0 : 1)
                .thenComparingInt(r -> r.status() == DeviceRecord.Status.REVOKED ? 1 : 0)
                .thenComparing(r -> r.status() == DeviceRecord.Status.REVOKED ? r.revokedAt() : r.linkedAt(),
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(DeviceRecord::deviceId));
        rows.setAll(filled.stream().map(r -> row(r, self)).toList());
    }

    /** Shows the revoked row at once, before the reloaded list confirms it. */
    private void markRevoked(DeviceRow row) {
        shown = shown.stream().map(r -> !r.deviceId().equals(row.deviceId()) ? r : new DeviceRecord(r.deviceId(),
                r.name(), r.platform(), r.fingerprint(), r.linkedAt(), DeviceRecord.Status.REVOKED, null, null))
                .toList();
        render();
    }

    private DeviceRow row(DeviceRecord record, String self) {
        boolean thisDevice = record.deviceId().equals(self);
        String name = record.name() != null ? record.name() : UNKNOWN_NAME;
        String linkedOn = record.linkedAt() != null ? "Linked on " + dates.format(record.linkedAt()) : "";
        String statusText = switch (record.status()) {
            case ACTIVE -> "Active";
            case NOT_LOGGED_IN_YET -> "Linked, not signed in yet";
            case EXPIRED -> "Certificate expired: it can no longer sign in";
            case REVOKED -> "Revoked" + (record.revokedAt() != null ? " on " + dates.format(record.revokedAt()) : "")
                    + (record.reason() == null || record.reason().isEmpty() ? "" : " (" + record.reason() + ")");
        };
        boolean revocable = !thisDevice && record.status() != DeviceRecord.Status.REVOKED && account.canRevoke();
        DeviceSeen times = activity.get(record.deviceId());
        return new DeviceRow(record.deviceId(), name, record.platform() != null ? record.platform() : "",
                record.fingerprint() != null ? record.fingerprint() : "", linkedOn, thisDevice, record.status(),
                statusText, revocable, lastSeen(times), times != null && times.online());
    }

    /** "Online now", "Last seen 5 minutes ago" within a day, "Last seen 3 Nov 2026" after, or "" if unknown. */
    private String lastSeen(DeviceSeen times) {
        if (times == null) {
            return "";
        }
        if (times.online()) {
            return "Online now";
        }
        if (times.lastSeenAt() == null) {
            return "Never signed in";
        }
        // a clock a little behind the homeserver's would otherwise say "in the future"
        Duration ago = Duration.between(times.lastSeenAt(), clock.instant());
        if (ago.compareTo(Duration.ofDays(1)) >= 0) {
            return "Last seen " + dates.format(times.lastSeenAt());
        }
        if (ago.toMinutes() < 1) {
            return "Last seen just now";
        }
        if (ago.toHours() < 1) {
            return "Last seen " + count(ago.toMinutes(), "minute") + " ago";
        }
        return "Last seen " + count(ago.toHours(), "hour") + " ago";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> work) {
        return CompletableFuture.supplyAsync(work, background).thenCompose(stage -> stage);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String sentence(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return "something went wrong (" + cause.getClass().getSimpleName() + ").";
        }
        message = message.strip();
        return message.endsWith(".") || message.endsWith("?") || message.endsWith("!") ? message : message + ".";
    }
}
