package chat.mz.client.messaging;

import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.RoomCipher;
import chat.mz.client.e2ee.SealedMessage;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.history.SealedBody;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.session.SendMessageParams;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns an outbox entry into what {@code send_message} carries. An entry to be encrypted is sealed
 * once per room key epoch, with the next counter of this device, and the sealed bytes are kept with
 * it: a resend after a lost answer sends exactly the same message, which the homeserver recognises
 * by its id. Only a refusal for the epoch (1310, 1311) makes it sealed again, under the new key.
 */
final class RoomSealer {
    private final History history;
    private final DeviceSecrets secrets;
    private final SecureRandom random;

    RoomSealer(History history, DeviceSecrets secrets, SecureRandom random) {
        this.history = history;
        this.secrets = secrets;
        this.random = random;
    }

    /**
     * The parameters to send {@code entry} with; empty when it is to be encrypted and this device
     * has no room key for its session yet (one must be made or arrive first).
     */
    Optional<SendMessageParams> params(Entry entry) throws E2eeException {
        if (entry.protection() != Protection.ENCRYPTED) {
            return Optional.of(new SendMessageParams(entry.sessionId(), entry.messageId(), entry.text()));
        }
        Optional<StoredRoomKey> latest = currentKey(entry.sessionId());
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        StoredRoomKey key = latest.get();
        Optional<SealedBody> sealed = history.sealed(entry.sessionId(), entry.messageId());
        if (sealed.isPresent() && sealed.get().keyEpoch() == key.epoch()) {
            return Optional.of(SendMessageParams.encrypted(entry.sessionId(), entry.messageId(),
                    Base64.getEncoder().encodeToString(sealed.get().sealed()), key.epoch()));
        }
        long counter = history.roomKeys().nextCounter(entry.sessionId());
        byte[] plaintext = entry.text().getBytes(StandardCharsets.UTF_8);
        SealedMessage message = secrets.withSigningKey(signingKey -> RoomCipher.seal(RoomKeys.roomKey(key),
                secrets.device(), entry.messageId(), counter, plaintext, signingKey, random));
        byte[] encoded = message.encode();
        history.setSealed(entry.sessionId(), entry.messageId(), key.epoch(), encoded);
        return Optional.of(SendMessageParams.encrypted(entry.sessionId(), entry.messageId(),
                Base64.getEncoder().encodeToString(encoded), key.epoch()));
    }

    /**
     * The newest key the homeserver is known to have taken: received ones, and this device's own
     * once accepted. A key still being sent may lose its epoch to another member's.
     */
    Optional<StoredRoomKey> currentKey(String sessionId) {
        var keys = history.roomKeys().all(sessionId);
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (keys.get(i).confirmed()) {
                return Optional.of(keys.get(i));
            }
        }
        return Optional.empty();
    }
}
