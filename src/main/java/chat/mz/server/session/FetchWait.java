package chat.mz.server.session;

import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.server.Cancellable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One waiting {@code fetch_events} call. Signals, not a polling timer, make it look at the queue
 * again; the only timer is the bound on the wait. At most one look runs at a time: a signal that
 * arrives during a look makes it look once more afterwards, so nothing queued in between is missed.
 * Looking never takes items away (only an acknowledgement does), so timing out in the middle of a
 * look loses nothing.
 */
final class FetchWait {
    private static final FetchEventsResult NOTHING = new FetchEventsResult(List.of());

    private final Supplier<CompletionStage<List<QueuedEvent>>> look;
    private final CompletableFuture<FetchEventsResult> result = new CompletableFuture<>();
    private Cancellable subscription = () -> { };
    private Cancellable timeout = () -> { };
    private Runnable onDone = () -> { };
    private boolean done;
    /** True from the start: the first look is under way as soon as the call is subscribed. */
    private boolean looking = true;
    private boolean lookAgain;

    /** @param look reads the device's queue on a store thread */
    FetchWait(Supplier<CompletionStage<List<QueuedEvent>>> look) {
        this.look = look;
    }

    CompletableFuture<FetchEventsResult> result() {
        return result;
    }

    void attach(Cancellable subscription, Cancellable timeout, Runnable onDone) {
        boolean finished;
        synchronized (this) {
            this.subscription = subscription;
            this.timeout = timeout;
            this.onDone = onDone;
            finished = done;
        }
        if (finished) {
            release();
        }
    }

    /** The first look (which also acknowledged), started once the subscription is in place. */
    void start(CompletionStage<List<QueuedEvent>> first) {
        first.whenComplete(this::looked);
    }

    /** Something was queued for the device. */
    void wake() {
        synchronized (this) {
            if (done) {
                return;
            }
            if (looking) {
                lookAgain = true;
                return;
            }
            looking = true;
        }
        lookNow();
    }

    private void lookNow() {
        CompletionStage<List<QueuedEvent>> stage;
        try {
            stage = look.get();
        } catch (RuntimeException e) {
            looked(null, e);
            return;
        }
        stage.whenComplete(this::looked);
    }

    private void looked(List<QueuedEvent> events, Throwable failure) {
        boolean again = false;
        synchronized (this) {
            if (done) {
                return;
            }
            if (failure == null && events.isEmpty()) {
                again = lookAgain;
                lookAgain = false;
                looking = again;
                if (!again) {
                    return;
                }
            } else {
                done = true;
            }
        }
        if (again) {
            lookNow();
            return;
        }
        release();
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(new FetchEventsResult(events));
        }
    }

    /** The wait is over: answer with nothing; the client calls again. */
    void timeOut() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        release();
        result.complete(NOTHING);
    }

    /** The connection is gone; nobody is listening for the answer. */
    void cancel() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        release();
        result.cancel(false);
    }

    private void release() {
        Cancellable s;
        Cancellable t;
        Runnable d;
        synchronized (this) {
            s = subscription;
            t = timeout;
            d = onDone;
        }
        s.cancel();
        t.cancel();
        d.run();
    }
}
