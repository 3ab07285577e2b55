package chat.mz.server.session;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionActionResult;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.server.rpc.Dispatcher;
import chat.mz.server.store.DeviceKey;
import chat.mz.server.store.RoomKeyStore;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Serves the end-to-end encryption methods of conversations (docs/PROTOCOL.md, "End-to-end
 * encryption of conversations"): {@code send_room_key}, {@code e2eeize_session},
 * {@code dee2eeize_session} and {@code update_session_settings}.
 */
final class RoomKeyHandlers {
    private final RoomKeyStore roomKeys;
    private final StoreCalls calls;
    private final Clock clock;

    RoomKeyHandlers(RoomKeyStore roomKeys, StoreCalls calls, Clock clock) {
        this.roomKeys = roomKeys;
        this.calls = calls;
        this.clock = clock;
    }

    void register(Dispatcher dispatcher) {
        dispatcher.register(Methods.SEND_ROOM_KEY, (c, p) -> {
            DeviceKey me = StoreCalls.caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            List<WrappedRoomKey> keys = RoomKeyChecks.keys(p);
            return calls.change(() -> roomKeys.sendRoomKey(me, id, p.epoch(), p.replace(), keys, clock.instant()),
                    Function.identity());
        });
        dispatcher.register(Methods.E2EEIZE_SESSION, (c, p) -> {
            DeviceKey me = StoreCalls.caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            return calls.change(() -> roomKeys.e2eeize(me, id, clock.instant()), SessionActionResult::new);
        });
        dispatcher.register(Methods.DEE2EEIZE_SESSION, (c, p) -> {
            DeviceKey me = StoreCalls.caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            return calls.change(() -> roomKeys.dee2eeize(me, id, clock.instant()), SessionActionResult::new);
        });
        dispatcher.register(Methods.UPDATE_SESSION_SETTINGS, (c, p) -> {
            DeviceKey me = StoreCalls.caller(c);
            String id = SessionChecks.sessionId(p.sessionId());
            Long rotation = RoomKeyChecks.rotationSeconds(p);
            return calls.change(() -> roomKeys.updateSettings(me, id, rotation, p.newMembersReadHistory(),
                    clock.instant()), SessionActionResult::new);
        });
    }

    /** Marks the encrypted sessions of a user whose device was revoked; on a store thread. */
    int deviceRevoked(DeviceKey device) {
        return roomKeys.deviceRevoked(device, clock.instant());
    }
}
