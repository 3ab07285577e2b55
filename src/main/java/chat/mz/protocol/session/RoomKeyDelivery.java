package chat.mz.protocol.session;

/**
 * A room key for one device, as the homeserver hands it on ({@code ReceiveRoomKeyNotification}, or
 * inside an {@code AllowUserJoinSessionNotification}). The homeserver cannot read it: it is wrapped
 * to the recipient device's encryption key and signed by the sending device.
 *
 * @param epoch        the room key's epoch
 * @param fromUserId   who wrapped it
 * @param fromDeviceId the device that wrapped and signed it; the recipient checks the signature
 *                     against that device's certificate
 * @param wrappedKey   base64: the key, RSA-OAEP-SHA256 encrypted to the recipient device
 * @param signature    base64: Ed25519 by the sending device over what {@link WrappedRoomKey} says
 */
public record RoomKeyDelivery(String sessionId, long epoch, String fromUserId, String fromDeviceId,
                              String wrappedKey, String signature) {
}
