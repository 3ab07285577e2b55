package chat.mz.server.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server keeps for one client connection: per-feature state (for example the mailbox's
 * per-connection limits) and the clean-up to run when the connection closes.
 */
public final class ConnectionContext {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionContext.class);

    private final long id;
    private final byte[] challenge;
    private final Map<Class<?>, Object> state = new ConcurrentHashMap<>();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private boolean closed;

    /**
     * @param challenge random bytes, new for this connection, that a device signs to log in on it
     */
    public ConnectionContext(long id, byte[] challenge) {
        this.id = id;
        this.challenge = challenge.clone();
    }

    public long id() {
        return id;
    }

    public byte[] challenge() {
        return challenge.clone();
    }

    /** This connection's state of the given kind, made on first use. */
    public <T> T state(Class<T> kind, Supplier<T> factory) {
        return kind.cast(state.computeIfAbsent(kind, k -> factory.get()));
    }

    /** Runs {@code hook} when the connection closes, or at once if it already has. */
    public void onClose(Runnable hook) {
        synchronized (this) {
            if (!closed) {
                closeHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    public void close() {
        List<Runnable> hooks;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            hooks = List.copyOf(closeHooks);
            closeHooks.clear();
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("Clean-up after connection {} failed", id, e);
            }
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
