package chat.mz.client.connection;

/** A call that could not be completed because of the connection, not because the server said no. */
public final class ConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Reason {
        NOT_CONNECTED("Not connected to the homeserver."),
        LOST("The connection to the homeserver was lost."),
        TIMED_OUT("The homeserver did not answer in time."),
        CLOSED("The connection has been closed.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    private final Reason reason;

    public ConnectionException(Reason reason) {
        super(reason.message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
