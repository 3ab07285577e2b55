package chat.mz.client.identity;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.DeviceActivity;
import chat.mz.protocol.account.GetDeviceActivityParams;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the homeserver when this account's devices were last seen ({@code GetDeviceActivity}). The
 * connection must be logged in as one of them. The answer is only the homeserver's word, unsigned:
 * show it, but decide nothing on it.
 */
public final class DeviceActivityLookup {
    private final HomeserverConnection connection;

    public DeviceActivityLookup(HomeserverConnection connection) {
        this.connection = connection;
    }

    /**
     * What the homeserver saw of one device.
     *
     * @param lastSeenAt its last login or disconnect; null if it never logged in
     * @param online     whether a connection is logged in as it now
     */
    public record Seen(String deviceId, Instant linkedAt, Instant lastSeenAt, boolean online) {
    }

    /** Every device of the account the homeserver knows, revoked ones included, by device id. */
    public CompletableFuture<Map<String, Seen>> devices() {
        return connection.call(Methods.GET_DEVICE_ACTIVITY, new GetDeviceActivityParams()).thenApply(result -> {
            Map<String, Seen> byId = new LinkedHashMap<>();
            for (DeviceActivity device : result.devices()) {
                byId.put(device.deviceId(), new Seen(device.deviceId(), Instant.ofEpochMilli(device.linkedAt()),
                        device.lastSeenAt() == null ? null : Instant.ofEpochMilli(device.lastSeenAt()),
                        device.online()));
            }
            return Collections.unmodifiableMap(byId);
        });
    }
}
