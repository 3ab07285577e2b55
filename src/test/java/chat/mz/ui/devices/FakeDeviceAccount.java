package chat.mz.ui.devices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A device list in memory: answers at once, or with the failure a test set; records what was revoked. */
final class FakeDeviceAccount implements DeviceAccount {
    final List<DeviceRecord> records = new ArrayList<>();
    final List<String> revoked = new ArrayList<>();
    final Map<String, DeviceSeen> seen = new HashMap<>();
    RuntimeException activityFailure;
    final String thisDevice;
    boolean canRevoke = true;
    RuntimeException loadFailure;
    RuntimeException revokeFailure;
    int loads;

    FakeDeviceAccount(String thisDevice) {
        this.thisDevice = thisDevice;
    }

    @Override
    public String thisDeviceId() {
        return thisDevice;
    }

    @Override
    public boolean canRevoke() {
        return canRevoke;
    }

    @Override
    public CompletionStage<List<DeviceRecord>> devices() {
        loads++;
        return loadFailure != null ? CompletableFuture.failedFuture(loadFailure)
                : CompletableFuture.completedFuture(List.copyOf(records));
    }

    @Override
    public CompletionStage<Map<String, DeviceSeen>> activity() {
        return activityFailure != null ? CompletableFuture.failedFuture(activityFailure)
                : CompletableFuture.completedFuture(Map.copyOf(seen));
    }

    @Override
    public CompletionStage<Void> revoke(String deviceId) {
        if (revokeFailure != null) {
            return CompletableFuture.failedFuture(revokeFailure);
        }
        revoked.add(deviceId);
        DeviceRecord gone = records.stream().filter(r -> r.deviceId().equals(deviceId)).findFirst().orElseThrow();
        records.remove(gone);
        // like the homeserver: the revocation names the device, nothing more
        records.add(DeviceRecord.revoked(deviceId, java.time.Instant.parse("2026-11-22T08:00:00Z"), ""));
        return CompletableFuture.completedFuture(null);
    }
}
