package chat.mz.client.e2ee;

import chat.mz.identity.DeviceCertificate;

/**
 * Names one device of one account: a message's sender, a room key's recipient. Device ids are
 * chosen per account, so a device is known by both ids together.
 */
public record DeviceRef(String userId, String deviceId) {
    /** @throws IllegalArgumentException if an id is not 1 to 64 URL-safe characters */
    public DeviceRef {
        IdRules.requireId(userId, "user id");
        IdRules.requireId(deviceId, "device id");
    }

    /** The device a certificate is for. */
    public static DeviceRef of(DeviceCertificate certificate) {
        return new DeviceRef(certificate.body().userId(), certificate.body().deviceId());
    }
}
