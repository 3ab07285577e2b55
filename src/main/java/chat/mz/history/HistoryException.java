package chat.mz.history;

/** The history could not do what was asked; the message is a sentence a person can read. */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryException(String message) {
        super(message);
    }
}
