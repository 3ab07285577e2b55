package chat.mz.server.session;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One connection's waiting {@code fetch_events} calls, bounded so a client cannot pile them up. */
final class ConnectionFetches {
    private final int maxWaits;
    private final Set<FetchWait> waits = new HashSet<>();
    private boolean closed;

    ConnectionFetches(int maxWaits) {
        this.maxWaits = maxWaits;
    }

    synchronized void checkRoom() {
        if (waits.size() >= maxWaits) {
            throw new RpcException(ErrorCode.TOO_MANY_FETCHES, "This connection has too many waiting fetch_events calls "
                    + "(at most " + maxWaits + ").");
        }
    }

    /** Takes {@code wait} in; false when the connection has closed meanwhile. */
    synchronized boolean add(FetchWait wait) {
        checkRoom();
        if (closed) {
            return false;
        }
        waits.add(wait);
        return true;
    }

    synchronized void remove(FetchWait wait) {
        waits.remove(wait);
    }

    /** The connection closed: nobody is left to answer. */
    void cancelAll() {
        List<FetchWait> pending;
        synchronized (this) {
            closed = true;
            pending = new ArrayList<>(waits);
            waits.clear();
        }
        pending.forEach(FetchWait::cancel);
    }
}
