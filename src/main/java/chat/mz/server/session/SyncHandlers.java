package chat.mz.server.session;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SendSyncEventResult;
import chat.mz.protocol.sync.SyncItem;
import chat.mz.server.rpc.Dispatcher;
import chat.mz.server.store.DeviceKey;
import chat.mz.server.store.QueueStore;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves {@code send_sync_event} (docs/PROTOCOL.md, "Device sync"): queues a sealed blob for each
 * named sibling device of the caller's own account. The homeserver checks only the shape, the size
 * and that every recipient is another current device of the same account; it never opens a blob.
 */
final class SyncHandlers {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final QueueStore queues;
    private final StoreCalls calls;
    private final Clock clock;

    SyncHandlers(QueueStore queues, StoreCalls calls, Clock clock) {
        this.queues = queues;
        this.calls = calls;
        this.clock = clock;
    }

    void register(Dispatcher dispatcher) {
        dispatcher.register(Methods.SEND_SYNC_EVENT, (c, p) -> {
            DeviceKey me = StoreCalls.caller(c);
            Map<String, byte[]> payloads = payloads(p);
            return calls.change(() -> queues.queueSyncEvent(me, payloads, clock.instant()), SendSyncEventResult::new);
        });
    }

    /** The blobs by device, decoded, after the shape checks. */
    static Map<String, byte[]> payloads(SendSyncEventParams params) {
        if (params.items().isEmpty() || params.items().size() > SendSyncEventParams.MAX_ITEMS) {
            throw invalid("Parameter \"items\" must hold 1 to " + SendSyncEventParams.MAX_ITEMS + " items.");
        }
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        for (SyncItem item : params.items()) {
            if (item == null) {
                throw invalid("Parameter \"items\" must hold items, not null.");
            }
            if (!DEVICE_ID.matcher(item.deviceId()).matches()) {
                throw invalid("Parameter \"device_id\" must be a device id (1 to 64 URL-safe characters).");
            }
            if (item.payload().length() > SyncItem.MAX_PAYLOAD_CHARS) {
                throw new RpcException(ErrorCode.SYNC_EVENT_TOO_LARGE);
            }
            byte[] payload;
            try {
                payload = Base64.getDecoder().decode(item.payload());
            } catch (IllegalArgumentException e) {
                throw invalid("Parameter \"payload\" must be base64.");
            }
            if (payload.length == 0) {
                throw invalid("Parameter \"payload\" must not be empty.");
            }
            if (payload.length > SyncItem.MAX_PAYLOAD_BYTES) {
                throw new RpcException(ErrorCode.SYNC_EVENT_TOO_LARGE);
            }
            if (payloads.put(item.deviceId(), payload) != null) {
                throw invalid("Parameter \"items\" names device " + item.deviceId() + " twice.");
            }
        }
        return payloads;
    }

    private static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }
}
