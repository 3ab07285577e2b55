package chat.mz.identity;

/** A keystore file that cannot be opened; the message says why in plain words. */
public final class KeystoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the keystore could not be opened. */
    public enum Reason {
        /** The passphrase does not open it (or the sealed part was altered, which looks the same). */
        WRONG_PASSPHRASE,
        /** The file is cut short, has the wrong format or a damaged header. */
        DAMAGED,
        /** There is no keystore at that place. */
        MISSING
    }

    private final Reason reason;

    public KeystoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
