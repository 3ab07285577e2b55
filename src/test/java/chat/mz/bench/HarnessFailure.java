package chat.mz.bench;

/** The benchmark itself could not run as designed: exit status 1, not a missed target. */
final class HarnessFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HarnessFailure(String message) {
        super(message);
    }

    HarnessFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
