package chat.mz.server.mailbox;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Cancellable;
import chat.mz.server.Scheduler;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.rpc.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code SyncMailbox}: posts a payload to the other side, then takes what the other side
 * posted, holding the call open for a bounded time when asked to wait. Also enforces the
 * per-connection limits and sweeps expired sessions out of the store.
 */
public final class MailboxService {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxService.class);

    private final MailboxStore store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration wait;
    private final int maxSessionsPerConnection;
    private final int maxWaitsPerConnection;
    private volatile Cancellable sweep = () -> { };
    private volatile boolean stopped;

    public MailboxService(MailboxStore store, Clock clock, Scheduler scheduler, Duration wait,
                          int maxSessionsPerConnection, int maxWaitsPerConnection) {
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.wait = wait;
        this.maxSessionsPerConnection = maxSessionsPerConnection;
        this.maxWaitsPerConnection = maxWaitsPerConnection;
    }

    public void register(Dispatcher dispatcher) {
        dispatcher.register(Methods.SYNC_MAILBOX, this::sync);
    }

    /** Evicts expired sessions every {@code interval} until {@link #stop()}. */
    public void startSweeping(Duration interval) {
        sweep = scheduler.schedule(interval, () -> {
            int evicted = store.evictExpired(clock.instant());
            if (evicted > 0) {
                LOG.debug("Evicted {} expired link sessions", evicted);
            }
            if (!stopped) {
                startSweeping(interval);
            }
        });
    }

    public void stop() {
        stopped = true;
        sweep.cancel();
    }

    public CompletionStage<SyncMailboxResult> sync(ConnectionContext connection, SyncMailboxParams params) {
        if (!MailboxSessionId.isWellFormed(params.sessionId())) {
            throw new RpcException(ErrorCode.MAILBOX_SESSION_ID_INVALID);
        }
        MailboxSessionId id = new MailboxSessionId(params.sessionId());
        if (params.payload() != null && params.payload().length > SyncMailboxParams.MAX_PAYLOAD_BYTES) {
            throw new RpcException(ErrorCode.MAILBOX_PAYLOAD_TOO_LARGE);
        }
        if (params.payload() != null && params.payload().length == 0) {
            // an empty payload would read like "no data yet" on the other side
            throw new RpcException(ErrorCode.INVALID_PARAMS, "Parameter \"payload\" must not be empty.");
        }
        ConnectionMailboxes usage = connection.state(ConnectionMailboxes.class, () -> {
            ConnectionMailboxes fresh = new ConnectionMailboxes(maxSessionsPerConnection, maxWaitsPerConnection);
            connection.onClose(fresh::cancelAll);
            return fresh;
        });
        Instant now = clock.instant();
        usage.admitSession(id, now);
        if (params.waitForData()) {
            // refuse before posting: a refused call must have no effect
            usage.checkRoomToWait();
        }
        Instant expiresAt = store.open(id, params.side(), now);
        usage.remember(id, expiresAt);
        if (params.payload() != null) {
            store.post(id, params.side(), params.payload(), now);
        }
        Optional<byte[]> waiting = store.take(id, params.side(), now);
        if (waiting.isPresent() || !params.waitForData()) {
            return CompletableFuture.completedFuture(new SyncMailboxResult(waiting.orElse(null),
                    expiresAt.toEpochMilli()));
        }
        return await(usage, id, params.side(), expiresAt);
    }

    private CompletionStage<SyncMailboxResult> await(ConnectionMailboxes usage, MailboxSessionId id,
                                                     MailboxSide recipient, Instant expiresAt) {
        MailboxWait pending = new MailboxWait(store, clock, id, recipient, expiresAt.toEpochMilli());
        usage.addWait(pending);
        // Subscribe before the second look, so a post landing in between still wakes us.
        Cancellable subscription = store.onPost(id, recipient, pending::wake);
        Cancellable timeout = scheduler.schedule(wait, pending::timeOut);
        pending.attach(subscription, timeout, () -> usage.removeWait(pending));
        pending.wake();
        return pending.result();
    }
}
