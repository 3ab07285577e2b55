package chat.mz.crypto;

/**
 * Data failed authentication, or a key or encoding that came from outside is malformed.
 *
 * <p>Checked on purpose: every caller that opens a ciphertext or parses a peer's key has to decide
 * what a forgery means in its own context (drop the message, refuse the device, ...). The message
 * never contains key material or plaintext, so it is safe to log.
 */
public final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
