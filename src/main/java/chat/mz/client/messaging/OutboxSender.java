package chat.mz.client.messaging;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionRef;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one outbox entry at a time for the {@link Messenger}: in the clear, or sealed under the
 * conversation's room key, making or catching up with the key when the homeserver says the one
 * used is due (1311) or no longer current (1310). A refusal that will never change takes the entry
 * out of the outbox as failed, with the reason in plain words; anything else fails the future, and
 * the messenger tries again later.
 */
final class OutboxSender {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final HomeserverConnection connection;
    private final History history;
    private final RoomSealer sealer;
    private final RoomKeys roomKeys;
    private final Executor worker;
    private final Consumer<MessengerEvent> announce;

    OutboxSender(HomeserverConnection connection, History history, RoomSealer sealer, RoomKeys roomKeys,
                 Executor worker, Consumer<MessengerEvent> announce) {
        this.connection = connection;
        this.history = history;
        this.sealer = sealer;
        this.roomKeys = roomKeys;
        this.worker = worker;
        this.announce = announce;
    }

    /** Sends one outbox entry; a refusal that will never change takes it out of the outbox. */
    CompletableFuture<Void> send(Entry entry) {
        return sendOne(entry, 0);
    }

    /**
     * @param rekeys how often this send has made a room key already: a second refusal for the key
     *               leaves the entry for the next round rather than re-keying again and again
     */
    private CompletableFuture<Void> sendOne(Entry entry, int rekeys) {
        Optional<SendMessageParams> params;
        try {
            params = sealer.params(entry);
        } catch (E2eeException | RuntimeException e) {
            LOG.warn("A message could not be encrypted: {}", e.getMessage());
            markFailed(entry, "This message could not be encrypted: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (params.isEmpty()) {
            // an encrypted conversation without a key this device holds: make the first one
            return rekeyThenSend(entry, rekeys);
        }
        return connection.call(Methods.SEND_MESSAGE, params.get())
                .handleAsync((result, failure) -> {
                    if (failure == null) {
                        history.markSent(entry.sessionId(), entry.messageId(), result.seq(),
                                Instant.ofEpochMilli(result.serverTime()));
                        announce.accept(new MessengerEvent.EntryChanged(entry.sessionId(), entry.messageId()));
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = Messenger.cause(failure);
                    if (cause instanceof RpcException rpc) {
                        if (rpc.is(ErrorCode.ROOM_KEY_REPLACEMENT_DUE)) {
                            return rekeyThenSend(entry, rekeys);
                        }
                        if (rpc.is(ErrorCode.ROOM_KEY_EPOCH_MISMATCH)) {
                            return catchUpThenSend(entry, rekeys);
                        }
                        if (rpc.is(ErrorCode.E2EE_OFF)) {
                            markFailed(entry, "End-to-end encryption was turned off in this conversation, so this "
                                    + "encrypted message was not sent. Send it again to send it unencrypted.");
                            return CompletableFuture.<Void>completedFuture(null);
                        }
                        if (isFinal(rpc)) {
                            LOG.warn("A message was refused for good: {}", rpc.getMessage());
                            markFailed(entry, rpc.getMessage());
                            return CompletableFuture.<Void>completedFuture(null);
                        }
                    }
                    return CompletableFuture.<Void>failedFuture(cause);
                }, worker).thenCompose(next -> next);
    }

    /** The key is due (or there is none): replace it, then send under the new one. */
    private CompletableFuture<Void> rekeyThenSend(Entry entry, int rekeys) {
        if (rekeys >= 2) {
            return CompletableFuture.failedFuture(new IllegalStateException("the room key is still being replaced"));
        }
        return roomKeys.rekey(entry.sessionId()).handleAsync((epoch, failure) -> {
            Throwable cause = failure == null ? null : Messenger.cause(failure);
            if (cause instanceof RpcException rpc && rpc.is(ErrorCode.E2EE_OFF)) {
                markFailed(entry, "End-to-end encryption is off in this conversation, so this encrypted message was "
                        + "not sent. Send it again to send it unencrypted.");
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (cause instanceof RpcException rpc && isFinal(rpc)) {
                markFailed(entry, rpc.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (cause != null && !(cause instanceof RpcException rpc && rpc.is(ErrorCode.ROOM_KEY_EPOCH_MISMATCH))) {
                return CompletableFuture.<Void>failedFuture(cause);
            }
            // made, or another member's key won the epoch: send under whatever is current now
            return sendOne(entry, rekeys + 1);
        }, worker).thenCompose(next -> next);
    }

    /**
     * The homeserver is at another epoch than the key sealed under: another member replaced it. Send
     * under the new key once it is here; until it arrives, the entry waits for the next round.
     */
    private CompletableFuture<Void> catchUpThenSend(Entry entry, int rekeys) {
        if (rekeys >= 2) {
            return CompletableFuture.failedFuture(new IllegalStateException("the room key changed again"));
        }
        return connection.call(Methods.GET_SESSION, new SessionRef(entry.sessionId())).thenComposeAsync(info -> {
            roomKeys.rememberSettings(info);
            if (sealer.currentKey(entry.sessionId()).map(key -> key.epoch() == info.keyEpoch()).orElse(false)) {
                return sendOne(entry, rekeys + 1);
            }
            if (roomKeys.madeButUnconfirmed(entry.sessionId(), info.keyEpoch())) {
                // the homeserver is on a key this device made without hearing back: the only sure way on is a new one
                LOG.info("Room key {} of session {} was made here but never confirmed; replacing it", info.keyEpoch(),
                        entry.sessionId());
                return rekeyThenSend(entry, rekeys + 1);
            }
            return CompletableFuture.failedFuture(new RoomKeyPendingException(info.keyEpoch()));
        }, worker);
    }

    private void markFailed(Entry entry, String reason) {
        history.markFailed(entry.sessionId(), entry.messageId(), reason);
        announce.accept(new MessengerEvent.EntryChanged(entry.sessionId(), entry.messageId()));
    }

    private static boolean isFinal(RpcException rpc) {
        return rpc.is(ErrorCode.SESSION_NOT_FOUND) || rpc.is(ErrorCode.NOT_A_MEMBER)
                || rpc.is(ErrorCode.MESSAGE_TOO_LARGE) || rpc.is(ErrorCode.MESSAGE_ID_REUSED)
                || rpc.is(ErrorCode.INVALID_PARAMS);
    }
}
