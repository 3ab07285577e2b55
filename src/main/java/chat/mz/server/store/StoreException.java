package chat.mz.server.store;

/**
 * The database failed (it is gone, full, or a statement broke). Callers do not handle it: the
 * request fails with an internal error and the details go to the server's log only.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
