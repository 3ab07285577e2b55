package chat.mz.server.mailbox;

import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Cancellable;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One waiting SyncMailbox call. It is woken by the post itself, never by a polling timer; the only
 * timer is the bound on how long it waits. Taking the payload and finishing happen under one lock,
 * so a payload is never taken by a call that has already timed out.
 */
final class MailboxWait {
    private final MailboxStore store;
    private final Clock clock;
    private final MailboxSessionId id;
    private final MailboxSide recipient;
    private final long expiresAt;
    private final CompletableFuture<SyncMailboxResult> result = new CompletableFuture<>();
    private Cancellable subscription = () -> { };
    private Cancellable timeout = () -> { };
    private Runnable onDone = () -> { };
    private boolean done;

    MailboxWait(MailboxStore store, Clock clock, MailboxSessionId id, MailboxSide recipient, long expiresAt) {
        this.store = store;
        this.clock = clock;
        this.id = id;
        this.recipient = recipient;
        this.expiresAt = expiresAt;
    }

    CompletableFuture<SyncMailboxResult> result() {
        return result;
    }

    synchronized void attach(Cancellable subscription, Cancellable timeout, Runnable onDone) {
        this.subscription = subscription;
        this.timeout = timeout;
        this.onDone = onDone;
        if (done) {
            release();
        }
    }

    /** Something was posted for us, or the session ended: try to take it. */
    void wake() {
        synchronized (this) {
            if (done) {
                return;
            }
            try {
                Optional<byte[]> payload = store.take(id, recipient, clock.instant());
                if (payload.isEmpty()) {
                    return;
                }
                done = true;
                result.complete(new SyncMailboxResult(payload.get(), expiresAt));
            } catch (RpcException e) {
                done = true;
                result.completeExceptionally(e);
            }
        }
        release();
    }

    /** The bounded wait is over: answer "no data yet". */
    void timeOut() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            result.complete(new SyncMailboxResult(null, expiresAt));
        }
        release();
    }

    /** The connection is gone; nobody is listening for the answer. */
    void cancel() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            result.cancel(false);
        }
        release();
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
