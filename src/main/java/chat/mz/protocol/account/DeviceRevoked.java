package chat.mz.protocol.account;

/**
 * Notification to a device that has just been revoked, sent right before the server closes its
 * connection.
 *
 * @param reason what the revocation says, possibly empty
 */
public record DeviceRevoked(String deviceId, String reason) {
}
