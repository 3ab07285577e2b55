package chat.mz.client.pairing;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One side's use of a SyncMailbox session: posts payloads (retrying while the other side has not
 * yet picked up the previous one) and long-polls for the other side's payloads until the session
 * expires. Every payload any call returns, a post's included (a post also takes what waits), goes
 * to {@code onPayload} in the order the answers arrive; a failure of a waiting call, and the
 * session's expiry, go to {@code onFailure} once.
 *
 * <p>Receiving is lock-step: {@link #receive()} keeps one waiting call out, calling again on "no
 * data yet", and stops once a payload arrived, until the owner calls {@code receive()} again. On
 * the responder's side several devices may share one slot, so a device that has what it needs must
 * not leave a waiting call behind: that call would take the next payload, which may be meant for
 * another device (the abort that tells it why linking stopped).
 *
 * <p>Callbacks run on the connection's thread or a timer thread: they must only hand work on.
 */
final class MailboxLink {
    /**
     * How long to wait before posting again into a full slot: short at first, since a live peer
     * usually takes its payload within milliseconds, then doubling up to {@link #SLOT_RETRY_MAX}.
     */
    static final Duration SLOT_RETRY_FIRST = Duration.ofMillis(2);
    static final Duration SLOT_RETRY_MAX = Duration.ofMillis(100);
    /** How many times to try a post into a full slot: about 10 s, far more than a live peer needs. */
    static final int SLOT_ATTEMPTS = 106;

    private final HomeserverConnection connection;
    private final MailboxSessionId session;
    private final MailboxSide side;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final Consumer<byte[]> onPayload;
    private final Consumer<LinkException> onFailure;

    private boolean waiting;
    private boolean closed;
    private boolean failed;
    private Instant expiresAt;
    private ScheduledFuture<?> expiry;

    MailboxLink(HomeserverConnection connection, MailboxSessionId session, MailboxSide side, Clock clock,
                ScheduledExecutorService timers, Consumer<byte[]> onPayload, Consumer<LinkException> onFailure) {
        this.connection = connection;
        this.session = session;
        this.side = side;
        this.clock = clock;
        this.timers = timers;
        this.onPayload = onPayload;
        this.onFailure = onFailure;
    }

    /**
     * One call without payload and without waiting. For the initiator it creates the session, and
     * its answer confirms that, so the QR code can be shown; it also tells when the session ends.
     */
    CompletableFuture<Instant> open() {
        return connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(session, side, false))
                .handle((result, error) -> {
                    if (error != null) {
                        throw new CompletionException(LinkException.from(error));
                    }
                    accept(result);
                    return expiresAt();
                });
    }

    /** When the session ends, as the homeserver said; null before the first answer. */
    synchronized Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Waits for the other side's next payload: one waiting call at a time, repeated on "no data
     * yet" until a payload arrives or the session ends. Does nothing while a waiting call is out.
     */
    void receive() {
        synchronized (this) {
            if (waiting || closed) {
                return;
            }
            waiting = true;
        }
        connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(session, side, true))
                .whenComplete((result, error) -> {
                    synchronized (this) {
                        waiting = false;
                    }
                    if (error != null) {
                        fail(LinkException.from(error));
                        return;
                    }
                    accept(result);
                    Instant end = expiresAt();
                    if (end != null && !clock.instant().isBefore(end)) {
                        fail(LinkException.of(LinkException.Reason.EXPIRED));
                    } else if (!result.hasPayload()) {
                        receive();
                    }
                });
    }

    /**
     * Stops receiving and the expiry timer; posts already under way, and later ones, still go out.
     * (A waiting call already at the homeserver cannot be taken back; it ends with its wait.)
     */
    void close() {
        ScheduledFuture<?> timer;
        synchronized (this) {
            closed = true;
            timer = expiry;
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Posts a payload. While the other side's slot still holds the previous payload the post is
     * retried after {@link #SLOT_RETRY_FIRST}, doubling up to {@link #SLOT_RETRY_MAX}, up to
     * {@link #SLOT_ATTEMPTS} times.
     *
     * @return completes when the homeserver holds the payload; fails with a {@link LinkException}
     */
    CompletableFuture<Void> send(byte[] payload) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        attempt(payload, 1, sent);
        return sent;
    }

    private void attempt(byte[] payload, int attempt, CompletableFuture<Void> sent) {
        connection.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(session, side, payload))
                .whenComplete((result, error) -> {
                    if (error == null) {
                        accept(result);
                        sent.complete(null);
                    } else if (isSlotFull(error) && attempt < SLOT_ATTEMPTS) {
                        try {
                            long delay = Math.min(SLOT_RETRY_MAX.toMillis(),
                                    SLOT_RETRY_FIRST.toMillis() << Math.min(attempt - 1, 10));
                            timers.schedule(() -> attempt(payload, attempt + 1, sent), delay, TimeUnit.MILLISECONDS);
                        } catch (RejectedExecutionException e) {
                            sent.completeExceptionally(LinkException.of(LinkException.Reason.CANCELLED));
                        }
                    } else {
                        sent.completeExceptionally(LinkException.from(error));
                    }
                });
    }

    private void accept(SyncMailboxResult result) {
        boolean closedNow;
        synchronized (this) {
            closedNow = closed;
            if (expiresAt == null) {
                expiresAt = Instant.ofEpochMilli(result.expiresAt());
                armExpiry();
            }
        }
        if (result.hasPayload() && !closedNow) {
            onPayload.accept(result.payload());
        }
    }

    /**
     * The homeserver drops an expired session only on its next sweep, so the link also keeps its
     * own timer and ends at {@code expires_at} sharp (read on this device's clock).
     */
    private void armExpiry() {
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        try {
            expiry = timers.schedule(() -> fail(LinkException.of(LinkException.Reason.EXPIRED)),
                    delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the owner is shutting down; nobody is waiting for this link any more
        }
    }

    private void fail(LinkException failure) {
        synchronized (this) {
            if (closed || failed) {
                return;
            }
            failed = true;
        }
        onFailure.accept(failure);
    }

    private static boolean isSlotFull(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RpcException rpc && rpc.is(ErrorCode.MAILBOX_SLOT_FULL);
    }
}
