package chat.mz.server.mailbox;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One connection's share of the mailbox: the sessions it has open and the calls it has waiting. */
final class ConnectionMailboxes {
    private final int maxSessions;
    private final int maxWaits;
    private final Map<String, Instant> sessions = new HashMap<>();
    private final Set<MailboxWait> waits = new HashSet<>();

    ConnectionMailboxes(int maxSessions, int maxWaits) {
        this.maxSessions = maxSessions;
        this.maxWaits = maxWaits;
    }

    synchronized void admitSession(MailboxSessionId id, Instant now) {
        sessions.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
        if (!sessions.containsKey(id.value()) && sessions.size() >= maxSessions) {
            throw new RpcException(ErrorCode.MAILBOX_TOO_MANY_SESSIONS,
                    "This connection has too many link sessions open (at most " + maxSessions + ").");
        }
    }

    synchronized void remember(MailboxSessionId id, Instant expiresAt) {
        sessions.put(id.value(), expiresAt);
    }

    synchronized void checkRoomToWait() {
        if (waits.size() >= maxWaits) {
            throw new RpcException(ErrorCode.MAILBOX_TOO_MANY_WAITS,
                    "This connection has too many waiting mailbox calls (at most " + maxWaits + ").");
        }
    }

    synchronized void addWait(MailboxWait wait) {
        checkRoomToWait();
        waits.add(wait);
    }

    synchronized void removeWait(MailboxWait wait) {
        waits.remove(wait);
    }

    /** The connection closed: its waiting calls have no one left to answer. */
    void cancelAll() {
        List<MailboxWait> pending;
        synchronized (this) {
            pending = new ArrayList<>(waits);
            waits.clear();
        }
        pending.forEach(MailboxWait::cancel);
    }
}
