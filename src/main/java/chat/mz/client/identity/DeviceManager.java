package chat.mz.client.identity;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Revocation;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.DeviceListResult;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RevokeDeviceParams;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * On the authorized device (the one holding K_id): adds a newly linked device to the account, or
 * revokes one. Each change fetches the current list, checks it, signs the next version and
 * publishes it; the connection must be logged in. If another change landed in between, the
 * homeserver answers {@link chat.mz.protocol.ErrorCode#DEVICE_LIST_CONFLICT} and the caller may
 * simply try again.
 */
public final class DeviceManager {
    private final HomeserverConnection connection;
    private final DeviceDirectory directory;
    private final Clock clock;

    public DeviceManager(HomeserverConnection connection, Clock clock) {
        this.connection = connection;
        this.directory = new DeviceDirectory(connection, clock);
        this.clock = clock;
    }

    /** Publishes a certificate that {@code identity} issued for a new device. */
    public CompletableFuture<DeviceListResult> publish(UnlockedIdentity identity, DeviceCertificate issued) {
        return directory.byUserId(identity.userId(), 0).thenCompose(current -> {
            DeviceList next = identity.listWith(current.deviceList(), issued, now());
            return connection.call(Methods.PUBLISH_DEVICE, new PublishDeviceParams(issued.encode(), next.encode()));
        });
    }

    /** Revokes another device of the account. */
    public CompletableFuture<DeviceListResult> revoke(UnlockedIdentity identity, String deviceId, String reason) {
        return directory.byUserId(identity.userId(), 0).thenCompose(current -> {
            Instant now = now();
            Revocation revocation = identity.revocation(deviceId, reason, now);
            DeviceList next = identity.listWithout(current.deviceList(), deviceId, now);
            return connection.call(Methods.REVOKE_DEVICE, new RevokeDeviceParams(revocation.encode(), next.encode()));
        });
    }

    private Instant now() {
        return clock.instant();
    }
}
