package chat.mz.client.sync;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.identity.DeviceCertificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * This account's own devices, as its signed device list says, checked against its identity key:
 * the only devices a sync event is sealed to or taken from.
 */
@FunctionalInterface
public interface OwnDevices {
    /** The list held, or a fresh one when {@code fresh} (a device is missing from the one held). */
    CompletableFuture<VerifiedDevices> list(boolean fresh);

    /**
     * One device's certificate: from the list held, or from a fresh list when the device is not on
     * it (linked since); empty when it is on neither (revoked, or never this account's).
     */
    default CompletableFuture<Optional<DeviceCertificate>> certificate(DeviceRef device) {
        return list(false).thenCompose(held -> {
            Optional<DeviceCertificate> found = find(held, device);
            return found.isPresent() ? CompletableFuture.completedFuture(found)
                    : list(true).thenApply(fresh -> find(fresh, device));
        });
    }

    private static Optional<DeviceCertificate> find(VerifiedDevices devices, DeviceRef device) {
        return devices.devices().stream().filter(c -> DeviceRef.of(c).equals(device)).findFirst();
    }
}
