package chat.mz.protocol.session;

/**
 * {@code SendRoomKeyNotification}: one member device that must get room key {@code epoch}. It names
 * the device only: the sender takes its encryption key from the member's device list, checked
 * against the member's identity key, never from the homeserver's word.
 */
public record RoomKeyRecipient(String sessionId, long epoch, String userId, String deviceId) {
}
