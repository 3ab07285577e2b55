package chat.mz.server.mailbox;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.server.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-node {@link MailboxStore}. An expired session is removed whole; only its id stays
 * behind for one more lifetime, so a late caller hears "expired" instead of silently starting a new
 * session under an old id.
 */
public final class InMemoryMailboxStore implements MailboxStore {
    private final Duration ttl;
    private final int maxSessions;
    private final long maxBytes;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> expired = new ConcurrentHashMap<>();
    private final AtomicLong storedBytes = new AtomicLong();

    public InMemoryMailboxStore(Duration ttl, int maxSessions, long maxBytes) {
        this.ttl = ttl;
        this.maxSessions = maxSessions;
        this.maxBytes = maxBytes;
    }

    @Override
    public Instant open(MailboxSessionId id, MailboxSide side, Instant now) {
        Session existing = sessions.get(id.value());
        if (existing != null) {
            return live(existing, now).expiresAt;
        }
        if (expired.containsKey(id.value())) {
            throw new RpcException(ErrorCode.MAILBOX_SESSION_EXPIRED);
        }
        if (side == MailboxSide.RESPONDER) {
            throw new RpcException(ErrorCode.MAILBOX_SESSION_NOT_FOUND);
        }
        if (sessions.size() >= maxSessions) {
            throw new RpcException(ErrorCode.SERVER_BUSY);
        }
        return live(sessions.computeIfAbsent(id.value(), key -> new Session(now.plus(ttl))), now).expiresAt;
    }

    @Override
    public void post(MailboxSessionId id, MailboxSide sender, byte[] payload, Instant now) {
        Objects.requireNonNull(sender, "sender");
        Session session = live(find(id), now);
        List<Runnable> toWake;
        synchronized (session) {
            if (session.slots.containsKey(sender)) {
                throw new RpcException(ErrorCode.MAILBOX_SLOT_FULL);
            }
            if (storedBytes.addAndGet(payload.length) > maxBytes) {
                storedBytes.addAndGet(-payload.length);
                throw new RpcException(ErrorCode.SERVER_BUSY);
            }
            session.slots.put(sender, payload.clone());
            toWake = List.copyOf(session.listeners.get(sender.other()));
        }
        toWake.forEach(Runnable::run);
    }

    @Override
    public Optional<byte[]> take(MailboxSessionId id, MailboxSide recipient, Instant now) {
        Session session = live(find(id), now);
        synchronized (session) {
            byte[] payload = session.slots.remove(recipient.other());
            if (payload == null) {
                return Optional.empty();
            }
            storedBytes.addAndGet(-payload.length);
            return Optional.of(payload);
        }
    }

    @Override
    public Cancellable onPost(MailboxSessionId id, MailboxSide recipient, Runnable listener) {
        Session session = sessions.get(id.value());
        if (session == null) {
            listener.run();
            return () -> { };
        }
        List<Runnable> listeners = session.listeners.get(recipient);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public int evictExpired(Instant now) {
        expired.values().removeIf(forgetAt -> !now.isBefore(forgetAt));
        List<Runnable> toWake = new ArrayList<>();
        int evicted = 0;
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (now.isBefore(session.expiresAt) || !sessions.remove(entry.getKey(), session)) {
                continue;
            }
            evicted++;
            expired.put(entry.getKey(), session.expiresAt.plus(ttl));
            synchronized (session) {
                session.slots.values().forEach(payload -> storedBytes.addAndGet(-payload.length));
                session.slots.clear();
                session.listeners.values().forEach(toWake::addAll);
            }
        }
        toWake.forEach(Runnable::run);
        return evicted;
    }

    @Override
    public int sessionCount() {
        return sessions.size();
    }

    /** Ids of expired sessions still remembered; a gauge for tests and metrics. */
    public int expiredIdCount() {
        return expired.size();
    }

    @Override
    public long storedBytes() {
        return storedBytes.get();
    }

    private Session find(MailboxSessionId id) {
        Session session = sessions.get(id.value());
        if (session != null) {
            return session;
        }
        throw new RpcException(expired.containsKey(id.value())
                ? ErrorCode.MAILBOX_SESSION_EXPIRED : ErrorCode.MAILBOX_SESSION_NOT_FOUND);
    }

    private static Session live(Session session, Instant now) {
        if (!now.isBefore(session.expiresAt)) {
            throw new RpcException(ErrorCode.MAILBOX_SESSION_EXPIRED);
        }
        return session;
    }

    private static final class Session {
        final Instant expiresAt;
        /** Keyed by the sender: each side's slot holds what it posted for the other. */
        final Map<MailboxSide, byte[]> slots = new EnumMap<>(MailboxSide.class);
        /** Keyed by the recipient. */
        final Map<MailboxSide, List<Runnable>> listeners = new EnumMap<>(MailboxSide.class);

        Session(Instant expiresAt) {
            this.expiresAt = expiresAt;
            for (MailboxSide side : MailboxSide.values()) {
                listeners.put(side, new CopyOnWriteArrayList<>());
            }
        }
    }
}
