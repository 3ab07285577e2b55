package chat.mz.server.store;

/**
 * A message as a device sends it, checked for shape: plaintext {@code text}, or an encrypted
 * {@code ciphertext} (base64, never read here) sealed under room key {@code keyEpoch}.
 */
public record OutgoingMessage(String messageId, String text, String ciphertext, Long keyEpoch) {
    public OutgoingMessage {
        if ((text == null) == (ciphertext == null) || (ciphertext == null) != (keyEpoch == null)) {
            throw new IllegalArgumentException("a message is text, or ciphertext with its key epoch");
        }
    }

    /** A plaintext message. */
    public static OutgoingMessage plain(String messageId, String text) {
        return new OutgoingMessage(messageId, text, null, null);
    }

    /** An encrypted message, sealed by its sender under room key {@code keyEpoch}. */
    public static OutgoingMessage encrypted(String messageId, String ciphertext, long keyEpoch) {
        return new OutgoingMessage(messageId, null, ciphertext, keyEpoch);
    }

    /** Whether this is an encrypted message. */
    public boolean isEncrypted() {
        return ciphertext != null;
    }
}
