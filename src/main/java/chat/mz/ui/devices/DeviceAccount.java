package chat.mz.ui.devices;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The account's devices as the Devices section needs them: the list checked against the account's
 * identity key, and revoking one. Implementations may block or complete on any thread; the view model
 * calls them off the UI thread. Failures should be a {@link DeviceAccountException}, so the view
 * model can tell a list that does not check out from a homeserver that cannot be reached.
 */
public interface DeviceAccount {
    /** The id of the device this app runs on. */
    String thisDeviceId();

    /** Whether this device holds the account's identity key, without which nothing can be revoked. */
    boolean canRevoke();

    /** Every device on the account's signed list, and every revoked one. */
    CompletionStage<List<DeviceRecord>> devices();

    /**
     * When each device was last seen, by device id, revoked ones included. Optional: the list shows
     * without it, so a failure here only leaves the times out. None by default.
     */
    default CompletionStage<Map<String, DeviceSeen>> activity() {
        return CompletableFuture.completedFuture(Map.of());
    }

    /** Revokes another device of the account; never this one. */
    CompletionStage<Void> revoke(String deviceId);
}
