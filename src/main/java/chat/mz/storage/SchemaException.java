package chat.mz.storage;

/** A database's schema could not be brought up to date; the message says why in a plain sentence. */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }

    public SchemaException(String message) {
        super(message);
    }
}
