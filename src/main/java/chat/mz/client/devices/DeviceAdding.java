package chat.mz.client.devices;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.DeviceLinking;
import chat.mz.client.pairing.LinkApproval;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.pairing.LinkedDevice;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The authorized device adds a device, end to end: a {@link DeviceLinking} whose certificate K_id
 * signs ({@link RootKeyIssuer}) once the person approved, then {@code PublishDevice} with the next
 * signed device list ({@link DeviceManager}), after which the new device may log in. One link per
 * instance; no method blocks.
 */
public final class DeviceAdding {
    /** How often a publish that met a concurrent change of the list is tried again. */
    static final int PUBLISH_ATTEMPTS = 3;

    /** The device linked and published, and the device list version that now names it. */
    public record Added(LinkedDevice device, long deviceListVersion) {
    }

    private final UnlockedIdentity identity;
    private final DeviceManager manager;
    private final DeviceLinking linking;
    private final CompletableFuture<Added> added = new CompletableFuture<>();

    /**
     * @param connection logged in as {@code identity}'s device (publishing needs it)
     * @param identity   the account's authorized device, holding K_id; stays the caller's to close
     * @throws IllegalStateException if {@code identity} does not hold the root key
     */
    public DeviceAdding(HomeserverConnection connection, UnlockedIdentity identity, Clock clock, SecureRandom random,
                        ScheduledExecutorService executor) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.manager = new DeviceManager(connection, clock);
        this.linking = new DeviceLinking(connection, new RootKeyIssuer(identity, clock), clock, random, executor);
        linking.result().whenComplete((linked, failure) -> {
            if (failure != null) {
                added.completeExceptionally(failure);
            } else {
                publish(linked, 1);
            }
        });
    }

    /** Creates the link; completes with the invitation to show once the homeserver holds the session. */
    public CompletionStage<LinkInvitation> start() {
        return linking.start();
    }

    /** Completes when a device has answered and the check code is known: approve or deny it. */
    public CompletionStage<LinkApproval> approval() {
        return linking.approval();
    }

    /**
     * Completes once the device accepted its certificate and the homeserver holds the new device
     * list; fails with the link's {@link chat.mz.client.pairing.LinkException} or the homeserver's refusal.
     */
    public CompletableFuture<Added> added() {
        return added;
    }

    /** Stops linking; a device that answered is told. */
    public void cancel() {
        linking.cancel();
    }

    private void publish(LinkedDevice linked, int attempt) {
        manager.publish(identity, linked.certificate()).whenComplete((result, failure) -> {
            if (failure == null) {
                added.complete(new Added(linked, result.deviceListVersion()));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RpcException rpc && rpc.is(ErrorCode.DEVICE_LIST_CONFLICT)
                    && attempt < PUBLISH_ATTEMPTS) {
                publish(linked, attempt + 1);
            } else {
                added.completeExceptionally(new IllegalStateException("The device accepted its certificate, but "
                        + "the homeserver did not take the new device list: " + cause.getMessage(), cause));
            }
        });
    }
}
