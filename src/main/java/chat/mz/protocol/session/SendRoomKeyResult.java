package chat.mz.protocol.session;

/**
 * Answer to {@code send_room_key}.
 *
 * @param epoch the session's current epoch after the call
 * @param seq   the {@code key_replaced} timeline entry a replacement made; null for a delivery
 */
public record SendRoomKeyResult(long epoch, Long seq) {
}
