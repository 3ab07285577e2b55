package chat.mz.ui.devices;

import java.util.Objects;

/** Why the device list could not be loaded, or a device not revoked; the message is a sentence. */
public final class DeviceAccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure. */
    public enum Problem {
        /** The homeserver's answer does not check out against the account's identity key: a security warning. */
        NOT_VERIFIED,
        /** The homeserver could not be reached, or did not answer. */
        UNREACHABLE,
        /** The homeserver refused, e.g. because the list changed meanwhile. */
        REFUSED
    }

    private final Problem problem;

    public DeviceAccountException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
