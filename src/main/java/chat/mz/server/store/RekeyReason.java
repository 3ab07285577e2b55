package chat.mz.server.store;

import java.util.Locale;

/** Why a session's room key is due for replacement, as {@code UpdateRoomKeyNotification} names it. */
enum RekeyReason {
    CREATED,
    ROTATION_DUE,
    MEMBER_LEFT,
    MEMBER_JOINED,
    DEVICE_REVOKED,
    E2EE_ON,
    REQUESTED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
