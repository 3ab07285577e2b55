package chat.mz.client.pairing;

import chat.mz.client.connection.ConnectionException;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why linking a device ended without a result. The message is a sentence to show the person as is;
 * {@link #reason()} is for programs. The futures of {@link DeviceLinking} and {@link LinkRequester}
 * fail with this exception (a {@link LinkTamperedException} when the channel was tampered with).
 */
public class LinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What ended the link. */
    public enum Reason {
        /** A payload failed to decrypt or verify, came twice, or came out of order. */
        TAMPERED("This link was tampered with."),
        /** The mailbox session reached its expiry. */
        EXPIRED("This link has expired."),
        /** The person on the authorized device said no. */
        DENIED("Linking was denied."),
        /** A second device answered the same code. */
        ANOTHER_DEVICE("Another device answered this code; linking was stopped for safety."),
        /** The new device did not accept the certificate it was sent. */
        CERTIFICATE_REFUSED("The new device refused its certificate."),
        /** Someone stopped linking, on this device or the other. */
        CANCELLED("Linking was cancelled."),
        /** The new device's keys are of a kind this app cannot use. */
        UNSUPPORTED("The new device uses a kind of key this app does not support."),
        /** The session named in the link does not exist on the homeserver. */
        NOT_FOUND("This link does not exist. Start linking again on the other device."),
        /** The other device stopped picking up messages. */
        PEER_GONE("The other device stopped responding."),
        /** The connection to the homeserver failed; the message is the connection's. */
        CONNECTION("The connection to the homeserver was lost."),
        /** The homeserver refused a call for another reason; the message is the server's. */
        SERVER("The homeserver refused to relay the link."),
        /** Anything else, e.g. the certificate could not be issued. */
        FAILED("Linking failed.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        /** The default sentence for this reason. */
        public String message() {
            return message;
        }
    }

    private final Reason reason;

    LinkException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** An exception with the reason's own sentence; {@link LinkTamperedException} for tampering. */
    public static LinkException of(Reason reason) {
        return of(reason, reason.message());
    }

    /** An exception with its own sentence, e.g. a more specific one than the reason's. */
    public static LinkException of(Reason reason, String message) {
        return reason == Reason.TAMPERED ? new LinkTamperedException() : new LinkException(reason, message, null);
    }

    /** What ended the link, for programs; the message is for people. */
    public Reason reason() {
        return reason;
    }

    /**
     * Turns whatever failed a mailbox call or a step of the flow into a link failure a person can
     * read: the server's mailbox errors become {@link Reason#EXPIRED} and so on, a lost connection
     * {@link Reason#CONNECTION}.
     */
    static LinkException from(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LinkException link) {
            return link;
        }
        if (cause instanceof RpcException rpc) {
            if (rpc.is(ErrorCode.MAILBOX_SESSION_EXPIRED)) {
                return of(Reason.EXPIRED);
            }
            if (rpc.is(ErrorCode.MAILBOX_SESSION_NOT_FOUND)) {
                return of(Reason.NOT_FOUND);
            }
            if (rpc.is(ErrorCode.MAILBOX_SLOT_FULL)) {
                return of(Reason.PEER_GONE);
            }
            return new LinkException(Reason.SERVER, rpc.getMessage(), rpc);
        }
        if (cause instanceof ConnectionException connection) {
            // its sentences ("The connection to the homeserver was lost.", ...) are fit to show
            return new LinkException(Reason.CONNECTION, connection.getMessage(), connection);
        }
        if (cause instanceof CancellationException) {
            return of(Reason.CANCELLED);
        }
        String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new LinkException(Reason.FAILED, "Linking failed: " + detail, cause);
    }
}
