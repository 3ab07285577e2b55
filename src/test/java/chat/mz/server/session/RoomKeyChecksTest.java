package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionSettingsParams;
import chat.mz.protocol.session.WrappedRoomKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caps on what one frame can carry, checked without building frames that large. */
class RoomKeyChecksTest {
    private static final String SESSION = "AAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void atMostMaxKeysKeys() {
        List<WrappedRoomKey> keys = new ArrayList<>();
        for (int i = 0; i < SendRoomKeyParams.MAX_KEYS; i++) {
            keys.add(new WrappedRoomKey("user", "device-" + i, "AAAA", "AAAA"));
        }
        assertEquals(keys, RoomKeyChecks.keys(new SendRoomKeyParams(SESSION, 1, true, keys)));
        assertEquals(keys, RoomKeyChecks.roomKeys(keys));
        keys.add(new WrappedRoomKey("user", "one-more", "AAAA", "AAAA"));
        assertInvalid(() -> RoomKeyChecks.keys(new SendRoomKeyParams(SESSION, 1, true, keys)));
        assertInvalid(() -> RoomKeyChecks.roomKeys(keys));
    }

    @Test
    void rotationIsNoneOrAMinuteToAYear() {
        for (long seconds : new long[] {0, 60, 3600, SessionSettingsParams.MAX_ROTATION_SECONDS}) {
            assertEquals(seconds, RoomKeyChecks.rotationSeconds(new SessionSettingsParams(SESSION, seconds, null)));
        }
        for (long seconds : new long[] {-1, 1, 59, SessionSettingsParams.MAX_ROTATION_SECONDS + 1, Long.MAX_VALUE}) {
            assertInvalid(() -> RoomKeyChecks.rotationSeconds(new SessionSettingsParams(SESSION, seconds, null)));
        }
        assertEquals(null, RoomKeyChecks.rotationSeconds(new SessionSettingsParams(SESSION, null, true)));
    }

    private static void assertInvalid(Runnable check) {
        RpcException e = assertThrows(RpcException.class, check::run);
        assertEquals(ErrorCode.INVALID_PARAMS.code(), e.error().code());
    }
}
