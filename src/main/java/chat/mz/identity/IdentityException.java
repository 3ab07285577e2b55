package chat.mz.identity;

/**
 * A signed statement (certificate, revocation, device list) or sealed file that does not hold up.
 * The message is a sentence a person can read; {@link #reason()} is for programs.
 */
public final class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        MALFORMED, BAD_SIGNATURE, WRONG_USER, NOT_YET_VALID, EXPIRED, UNSUPPORTED_VERSION, ROLLBACK, UNKNOWN_DEVICE
    }

    private final Reason reason;

    public IdentityException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
