package chat.mz.ui.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * One device of the account as its verified list says, in plain values.
 *
 * @param deviceId    the device's id
 * @param name        its name, e.g. "Ada's phone"; null when unknown (a revocation does not carry it)
 * @param platform    e.g. "android"; null when unknown
 * @param fingerprint its signing key's fingerprint, {@code 3F2A 9C1B …}; null when unknown
 * @param linkedAt    when its certificate was issued; null when unknown
 * @param status      where it stands
 * @param revokedAt   when it was revoked; null unless revoked
 * @param reason      why it was revoked, possibly empty; null unless revoked
 */
public record DeviceRecord(String deviceId, String name, String platform, String fingerprint, Instant linkedAt,
                           Status status, Instant revokedAt, String reason) {
    /** Where a device stands. */
    public enum Status {
        /** On the list, its certificate valid and accepted by the device. */
        ACTIVE,
        /** On the list, but the device has not logged in (countersigned its certificate) yet. */
        NOT_LOGGED_IN_YET,
        /** On the list, but its certificate ran out: it can no longer log in. */
        EXPIRED,
        /** Revoked for good. */
        REVOKED
    }

    public DeviceRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(status, "status");
    }

    /** A listed device with a valid certificate. */
    public static DeviceRecord listed(String deviceId, String name, String platform, String fingerprint,
                                      Instant linkedAt, boolean loggedIn) {
        return new DeviceRecord(deviceId, name, platform, fingerprint, linkedAt,
                loggedIn ? Status.ACTIVE : Status.NOT_LOGGED_IN_YET, null, null);
    }

    /** A listed device whose certificate expired. */
    public static DeviceRecord expired(String deviceId) {
        return new DeviceRecord(deviceId, null, null, null, null, Status.EXPIRED, null, null);
    }

    /** A revoked device, as its revocation says. */
    public static DeviceRecord revoked(String deviceId, Instant revokedAt, String reason) {
        return new DeviceRecord(deviceId, null, null, null, null, Status.REVOKED, revokedAt,
                reason == null ? "" : reason);
    }

    /** This record with the details it lacks taken from {@code earlier}, a record of the same device. */
    DeviceRecord filledFrom(DeviceRecord earlier) {
        if (earlier == null || !earlier.deviceId.equals(deviceId)) {
            return this;
        }
        return new DeviceRecord(deviceId, name != null ? name : earlier.name,
                platform != null ? platform : earlier.platform,
                fingerprint != null ? fingerprint : earlier.fingerprint,
                linkedAt != null ? linkedAt : earlier.linkedAt, status, revokedAt, reason);
    }
}
