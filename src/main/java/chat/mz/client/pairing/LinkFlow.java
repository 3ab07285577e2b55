package chat.mz.client.pairing;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.pairing.AbortReason;
import chat.mz.protocol.pairing.PairingCodec;
import chat.mz.protocol.pairing.PairingMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What both ends of a link share: the serial executor all state changes run on, the channel and
 * mailbox, an outbox that posts payloads strictly in order, and the one way a link ends early
 * ({@link #end}): stop receiving, post the notices that tell the other side why, then fail.
 *
 * <p>Subclass methods that touch state run on {@link #serial} only.
 */
abstract class LinkFlow {
    final HomeserverConnection connection;
    final Clock clock;
    final SecureRandom random;
    final ScheduledExecutorService timers;
    final SerialExecutor serial;
    final PairingCodec codec = new PairingCodec();

    PairingKeys keys;
    PairingChannel channel;
    MailboxLink link;
    private CompletableFuture<Void> outbox = CompletableFuture.completedFuture(null);
    private boolean ended;

    LinkFlow(HomeserverConnection connection, Clock clock, SecureRandom random, ScheduledExecutorService timers) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.serial = new SerialExecutor(timers);
    }

    /** Sets up the mailbox; payloads and failures come back on {@link #serial}. */
    final void attach(MailboxSessionId session, MailboxSide side) {
        link = new MailboxLink(connection, session, side, clock, timers,
                payload -> serial.execute(() -> {
                    if (!ended) {
                        received(payload);
                    }
                    if (!ended) {
                        afterPayload();
                    }
                }),
                failure -> serial.execute(() -> end(failure, List.of())));
    }

    /** A payload from the other side, in arrival order; never called once the link has ended. */
    abstract void received(byte[] payload);

    /**
     * Runs after a payload was handled and the link goes on: the authorized device waits for the
     * next one at once; a new device waits only after its own next post (see {@link MailboxLink}).
     */
    abstract void afterPayload();

    /** The link ended early: fail the futures the caller holds. */
    abstract void failed(LinkException failure);

    /** Abort notices telling every responder this side has heard from why the link stopped. */
    abstract List<byte[]> abortNotices(AbortReason reason);

    final boolean ended() {
        return ended;
    }

    /** Encodes and seals the next message of the channel's own conversation. */
    final byte[] seal(PairingMessage message) {
        return channel.seal(codec.encode(message));
    }

    /**
     * Posts a payload after every earlier one. If the post fails the link ends.
     *
     * @return completes once the homeserver holds the payload
     */
    final CompletableFuture<Void> post(byte[] payload) {
        CompletableFuture<Void> sent = outbox.thenCompose(ignored -> link.send(payload));
        outbox = sent.handle((ignored, error) -> null);
        sent.whenComplete((ignored, error) -> {
            if (error != null) {
                serial.execute(() -> end(LinkException.from(error), List.of()));
            }
        });
        return sent;
    }

    /**
     * Posts a payload, then waits for the other side's answer. The wait starts on {@link #serial}
     * after anything the post itself brought back has been handled, so a flow that ended on it
     * leaves no waiting call behind.
     */
    final void postThenReceive(byte[] payload) {
        post(payload).thenRun(() -> serial.execute(() -> {
            if (!ended) {
                link.receive();
            }
        }));
    }

    /** The channel was tampered with: tell whoever can be told, and end. */
    final void tampered() {
        end(new LinkTamperedException(), abortNotices(AbortReason.TAMPERED));
    }

    /**
     * Ends the link early. Receiving stops at once; the notices are posted after anything already
     * queued, each tried for a bounded time and given up quietly; then {@link #failed} runs. The
     * caller's future therefore fails only once the other side has been told, where it can be.
     */
    final void end(LinkException failure, List<byte[]> notices) {
        if (ended) {
            return;
        }
        ended = true;
        if (link == null) {
            failed(failure);
            return;
        }
        link.close();
        CompletableFuture<Void> delivered = outbox;
        for (byte[] notice : notices) {
            delivered = delivered.thenCompose(ignored -> link.send(notice)).handle((ignored, error) -> null);
        }
        delivered.whenComplete((ignored, error) -> serial.execute(() -> {
            if (keys != null) {
                keys.wipe();
            }
            failed(failure);
        }));
    }

    /** Ends the link successfully: stops receiving and forgets the secret. */
    final void finish() {
        ended = true;
        link.close();
        keys.wipe();
    }

    /** The failure to report when the other side sent an abort. */
    static LinkException fromPeer(AbortReason reason) {
        return switch (reason) {
            case TAMPERED -> new LinkTamperedException();
            case ANOTHER_DEVICE -> LinkException.of(LinkException.Reason.ANOTHER_DEVICE);
            case CANCELLED -> LinkException.of(LinkException.Reason.CANCELLED,
                    "Linking was cancelled on the other device.");
            case CERTIFICATE_REFUSED -> LinkException.of(LinkException.Reason.CERTIFICATE_REFUSED);
            case UNSUPPORTED -> LinkException.of(LinkException.Reason.UNSUPPORTED,
                    "The other device cannot use this device's keys.");
        };
    }
}
