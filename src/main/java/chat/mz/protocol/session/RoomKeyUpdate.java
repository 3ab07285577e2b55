package chat.mz.protocol.session;

/**
 * {@code UpdateRoomKeyNotification}, to the device that spoke in a session marked for a new room
 * key: it makes epoch {@code nextEpoch} and sends it with {@code send_room_key} (replace) to the
 * devices named by the {@code SendRoomKeyNotification}s queued right after this one.
 *
 * @param reason why the key is due: {@code created}, {@code rotation_due}, {@code member_left},
 *               {@code member_joined}, {@code device_revoked}, {@code e2ee_on}, {@code requested}
 */
public record RoomKeyUpdate(String sessionId, long nextEpoch, String reason) {
}
