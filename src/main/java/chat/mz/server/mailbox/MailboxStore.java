package chat.mz.server.mailbox;

import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.server.Cancellable;
import java.time.Instant;
import java.util.Optional;

/**
 * Where link sessions and their two slots live. The homeserver reaches mailbox state only through
 * this interface, so a store shared by several server nodes (keys with expiry, and a publish/subscribe
 * channel for {@link #onPost}) can stand in for the in-memory one.
 *
 * <p>Failures are {@link chat.mz.protocol.RpcException}s with mailbox error codes.
 */
public interface MailboxStore {

    /**
     * Opens the session for a caller. The initiator creates it on first use; the responder can only
     * join one that exists.
     *
     * @return when the session expires
     */
    Instant open(MailboxSessionId id, MailboxSide side, Instant now);

    /** Puts a payload in the sender's slot; refused while the slot still holds an undelivered one. */
    void post(MailboxSessionId id, MailboxSide sender, byte[] payload, Instant now);

    /** Takes the payload waiting for {@code recipient}, if any: each payload is taken exactly once. */
    Optional<byte[]> take(MailboxSessionId id, MailboxSide recipient, Instant now);

    /**
     * Calls {@code listener} (on the poster's thread, outside any lock) when a payload for
     * {@code recipient} is posted or the session ends, until cancelled.
     */
    Cancellable onPost(MailboxSessionId id, MailboxSide recipient, Runnable listener);

    /** Drops sessions past their expiry, with their payloads, and wakes their waiters. */
    int evictExpired(Instant now);

    /** Sessions held now, expired ones not yet evicted included. */
    int sessionCount();

    /** Payload bytes held now. */
    long storedBytes();
}
