package chat.mz.protocol;

/** WebSocket close codes with a meaning in this protocol (the 4000–4999 range is the application's). */
public final class CloseCodes {
    /** The device was revoked: a client must not reconnect as it. */
    public static final int DEVICE_REVOKED = 4001;

    private CloseCodes() {
    }

    /** Whether the server meant the close to be final, so reconnecting would be wrong. */
    public static boolean isFinal(int code) {
        return code == DEVICE_REVOKED;
    }
}
