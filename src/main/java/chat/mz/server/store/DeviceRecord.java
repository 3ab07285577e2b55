package chat.mz.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One device of an account: its certificate (as issued, or countersigned once the device has logged
 * in) and when it was last seen.
 *
 * @param lastSeenAt its last login or disconnect; null until its first login
 */
public record DeviceRecord(String userId, String deviceId, byte[] certificate, Instant addedAt, Instant lastSeenAt) {
    public DeviceRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
