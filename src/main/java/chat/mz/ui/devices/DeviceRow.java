package chat.mz.ui.devices;

/**
 * One line of the Devices section, ready to show.
 *
 * @param deviceId    the device's id
 * @param name        e.g. "Ada's phone", or "Unknown device" when no longer known
 * @param platform    e.g. "android", or "" when unknown
 * @param fingerprint the signing key's fingerprint, {@code 3F2A 9C1B …}, or "" when unknown
 * @param linkedOn    e.g. "Linked on 22 Nov 2026", or "" when unknown
 * @param thisDevice  whether this is the device the app runs on
 * @param status      where the device stands
 * @param statusText  e.g. "Active", "Revoked on 22 Nov 2026 (lost)"
 * @param revocable   whether the row offers Revoke (never this device's row, never a revoked one)
 * @param lastSeen    e.g. "Online now", "Last seen 5 minutes ago", "Never signed in", or "" when unknown
 * @param online      whether the device is signed in right now
 */
public record DeviceRow(String deviceId, String name, String platform, String fingerprint, String linkedOn,
                        boolean thisDevice, DeviceRecord.Status status, String statusText, boolean revocable,
                        String lastSeen, boolean online) {
    public boolean revoked() {
        return status == DeviceRecord.Status.REVOKED;
    }
}
