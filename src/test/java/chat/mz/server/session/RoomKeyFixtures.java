package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyRecipient;
import chat.mz.protocol.session.RoomKeyUpdate;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.WrappedRoomKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Room keys and sealed messages as the homeserver sees them: base64 it never opens, so random bytes
 * of the right sizes stand in for them.
 */
final class RoomKeyFixtures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomKeyFixtures() {
    }

    /** A stand-in for a key wrapped to device {@code index} of {@code user}: an RSA-3072 ciphertext's size. */
    static WrappedRoomKey keyFor(ChatUser user, int index) {
        return keyFor(user.userId(), user.device(index).id());
    }

    static WrappedRoomKey keyFor(String userId, String deviceId) {
        return new WrappedRoomKey(userId, deviceId, randomBase64(384), randomBase64(64));
    }

    /** One stand-in key per device a {@code SendRoomKeyNotification} names. */
    static List<WrappedRoomKey> keysFor(List<RoomKeyRecipient> recipients) {
        return recipients.stream().map(r -> keyFor(r.userId(), r.deviceId())).toList();
    }

    static String randomBase64(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    /** A stand-in for a sealed message under room key {@code epoch}. */
    static SendMessageParams sealed(String session, long epoch) {
        return SendMessageParams.encrypted(session, SessionIds.random(RANDOM), randomBase64(200), epoch);
    }

    /** The re-keying request a device's queue holds now (acknowledging everything it reads). */
    record RekeyRequest(RoomKeyUpdate update, List<RoomKeyRecipient> recipients, List<QueuedEvent> items) {
    }

    /**
     * Reads the device's queue and picks out the {@code UpdateRoomKeyNotification} and the
     * {@code SendRoomKeyNotification}s after it, checking that exactly one update comes first.
     */
    static RekeyRequest rekeyRequest(ChatClient device) throws InterruptedException {
        List<QueuedEvent> items = device.drain().stream().filter(i -> i.type() == QueuedEventType.UPDATE_ROOM_KEY
                || i.type() == QueuedEventType.SEND_ROOM_KEY).toList();
        assertEquals(QueuedEventType.UPDATE_ROOM_KEY, items.get(0).type(), "the update comes first: " + items);
        assertEquals(1, Events.typed(items, QueuedEventType.UPDATE_ROOM_KEY).size(), "one update: " + items);
        List<RoomKeyRecipient> recipients = items.subList(1, items.size()).stream().map(QueuedEvent::keyRecipient)
                .toList();
        return new RekeyRequest(items.get(0).keyUpdate(), recipients, items);
    }

    /**
     * Re-keys as a client does: an encrypted send is refused with 1311, and the device sends the next
     * key to the devices named. Answers the request it followed.
     */
    static RekeyRequest rekey(ChatClient device, String session) throws InterruptedException {
        long epoch = device.call(Methods.GET_SESSION, new SessionRef(session)).keyEpoch();
        device.drain();
        device.refused(Methods.SEND_MESSAGE, sealed(session, epoch), ErrorCode.ROOM_KEY_REPLACEMENT_DUE);
        RekeyRequest request = rekeyRequest(device);
        SendRoomKeyResult result = device.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session,
                request.update().nextEpoch(), true, keysFor(request.recipients())));
        assertEquals(epoch + 1, result.epoch());
        return request;
    }
}
