package chat.mz.client.e2ee;

/**
 * An encrypted message, a sealed room key or a stored replay window that does not hold up. The
 * message is one plain sentence a person can read, never containing key bytes or plaintext;
 * {@link #reason()} is for programs (drop the message, ask for the room key, warn about a device).
 */
public final class E2eeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The bytes do not parse: truncated, a bad field, bad base64. */
        MALFORMED,
        /** A format version this app does not know. */
        UNSUPPORTED_VERSION,
        /** Larger than the format allows (see {@link SealedMessage#MAX_ENCODED_BYTES}). */
        TOO_LARGE,
        /** Made for another session than the one it arrived in. */
        WRONG_SESSION,
        /** Encrypted under a room key epoch this device does not have (yet). */
        UNKNOWN_EPOCH,
        /** A sealed room key of another epoch than the one expected. */
        WRONG_EPOCH,
        /** A sealed room key made for another device. */
        WRONG_RECIPIENT,
        /** The signature is not the claimed sender device's, or does not cover these bytes. */
        BAD_SIGNATURE,
        /** The signature holds but the ciphertext does not authenticate or decrypt. */
        DECRYPT_FAILED,
        /** This sender device's message counter was seen before. */
        REPLAYED,
        /** The counter lies below the replay window, so it can no longer be told apart from a replay. */
        TOO_OLD,
        /** A recipient device's encryption key cannot be used (another algorithm, or it does not parse). */
        UNUSABLE_KEY
    }

    private final Reason reason;

    public E2eeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
