package chat.mz.server.store;

import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.WrappedRoomKey;
import java.time.Instant;
import java.util.List;

/**
 * The end-to-end encryption state of conversations: which room key epoch is current, whether a new
 * key is due, the owner's settings, and the hand-over of wrapped keys to member devices. Room keys
 * are only ever stored wrapped to a device's encryption key. As in {@link SessionStore}, each change
 * is one transaction whose checks run under the session row's lock, and a refusal throws
 * {@link RpcException} and changes nothing.
 */
public interface RoomKeyStore {
    /**
     * {@code send_room_key}. With {@code replace}, {@code epoch} must be the current epoch + 1 and
     * {@code keys} must address every current device of every member except {@code sender}
     * (ROOM_KEYS_INCOMPLETE) and nothing else (NOT_A_MEMBER_DEVICE); the epoch moves on (compare and
     * swap: of two racing replacements one gets ROOM_KEY_EPOCH_MISMATCH), the mark is cleared, and
     * {@code key_replaced} is appended. Without, {@code epoch} must be the current one and the keys
     * addressed to member devices. Either way each key is queued to its device. Also NOT_A_MEMBER,
     * E2EE_OFF, ROOM_KEY_EPOCH_MISMATCH for any other epoch.
     */
    StoreChange<SendRoomKeyResult> sendRoomKey(DeviceKey sender, String sessionId, long epoch, boolean replace,
                                               List<WrappedRoomKey> keys, Instant now);

    /**
     * The owner switches encryption on ({@code e2ee_on} entry) and marks the key due; when it is on
     * already, only marks it ({@code requested}) and answers null.
     */
    StoreChange<Long> e2eeize(DeviceKey owner, String sessionId, Instant now);

    /** The owner switches encryption off ({@code e2ee_off} entry); null when it was off already. */
    StoreChange<Long> dee2eeize(DeviceKey owner, String sessionId, Instant now);

    /**
     * The owner changes the rotation period and whether newcomers read earlier messages (null: as
     * it is), with a {@code settings_changed} entry; null when nothing changed.
     */
    StoreChange<Long> updateSettings(DeviceKey owner, String sessionId, Long rotationSeconds,
                                     Boolean newMembersReadHistory, Instant now);

    /**
     * {@code device} was revoked: marks every encrypted session its user is in (the device held
     * their current keys), and takes back the queued requests to wrap a key to it. Answers how many
     * sessions it marked.
     */
    int deviceRevoked(DeviceKey device, Instant now);
}
