package chat.mz.client.e2ee;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A room key sealed to one recipient device by the device that made or forwarded it; made by
 * {@link RoomKeyWrap}, opened by {@link RoomKeyWrap#unwrap}. The fields travel as the protocol's
 * own fields (session, epoch, sender, recipient, and the two byte strings in base64), so there is no
 * separate envelope.
 *
 * <p>{@code wrappedKey} is RSA-OAEP-SHA256-3072 of the 32 key bytes followed by the key's creation
 * time (milliseconds since the Unix epoch, 8 bytes big-endian), with the OAEP label
 * {@code "mzchat room key wrap v1" ‖ session id ‖ epoch ‖ recipient user id ‖ recipient device id}:
 * only that device can open it, and only for that session and epoch.
 *
 * <p>{@code signature} is Ed25519 by the sender device over {@code "mzchat room key v1" ‖ session id ‖
 * epoch ‖ creation time ‖ sender user id ‖ sender device id ‖ SHA-256("mzchat room key commitment
 * v1" ‖ key)} (ids with a length byte, numbers as 8 bytes big-endian). RSA encryption is open to
 * anyone who has the public key, the homeserver included; without the signature it could hand out
 * a room key of its own choosing and read what members then seal under it. The statement names no
 * recipient, so one signature serves every recipient of a re-key: the OAEP label is what binds a
 * sealed key to its device, and a recipient checks the signature once it has decrypted the key.
 *
 * @param wrappedKey {@link RsaOaep#CIPHERTEXT_BYTES} bytes
 * @param signature  {@link Ed25519#SIGNATURE_BYTES} bytes
 */
public record SealedRoomKey(String sessionId, long epoch, DeviceRef sender, DeviceRef recipient, byte[] wrappedKey,
                            byte[] signature) {
    /** What a sealed key adds to the protocol's fields, in bytes: the RSA ciphertext and the signature. */
    public static final int PAYLOAD_BYTES = RsaOaep.CIPHERTEXT_BYTES + Ed25519.SIGNATURE_BYTES;

    /** @throws IllegalArgumentException if a field is out of range or a byte string of the wrong size */
    public SealedRoomKey {
        IdRules.requireId(sessionId, "session id");
        if (epoch < 1) {
            throw new IllegalArgumentException("room key epochs start at 1, not " + epoch);
        }
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        if (wrappedKey == null || wrappedKey.length != RsaOaep.CIPHERTEXT_BYTES) {
            throw new IllegalArgumentException("a wrapped room key is " + RsaOaep.CIPHERTEXT_BYTES + " bytes");
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature is " + Ed25519.SIGNATURE_BYTES + " bytes");
        }
        wrappedKey = wrappedKey.clone();
        signature = signature.clone();
    }

    /**
     * A sealed key as the protocol carries it, the byte strings in standard base64.
     *
     * @throws E2eeException {@link E2eeException.Reason#MALFORMED} if an id, the epoch or a byte
     *         string is malformed or of the wrong size
     */
    public static SealedRoomKey fromBase64(String sessionId, long epoch, DeviceRef sender, DeviceRef recipient,
                                           String wrappedKeyBase64, String signatureBase64) throws E2eeException {
        byte[] wrapped = base64(wrappedKeyBase64, RsaOaep.CIPHERTEXT_BYTES, "wrapped key");
        byte[] signature = base64(signatureBase64, Ed25519.SIGNATURE_BYTES, "signature");
        try {
            return new SealedRoomKey(sessionId, epoch, sender, recipient, wrapped, signature);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED,
                    "The room key is malformed: " + e.getMessage() + ".");
        }
    }

    /** A copy of the RSA ciphertext. */
    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /** A copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String wrappedKeyBase64() {
        return Base64.getEncoder().encodeToString(wrappedKey);
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    byte[] wrappedKeyBytes() {
        return wrappedKey;
    }

    byte[] signatureBytes() {
        return signature;
    }

    private static byte[] base64(String text, int bytes, String what) throws E2eeException {
        // a longer text cannot be right; refusing it first keeps a huge one from being decoded
        if (text == null || text.length() > (bytes + 2) / 3 * 4) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The room key's " + what + " is missing or "
                    + "too long.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The room key's " + what + " is not valid base64.");
        }
        if (decoded.length != bytes) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The room key's " + what + " is "
                    + decoded.length + " bytes instead of " + bytes + ".");
        }
        return decoded;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedRoomKey that && epoch == that.epoch && sessionId.equals(that.sessionId)
                && sender.equals(that.sender) && recipient.equals(that.recipient)
                && Arrays.equals(wrappedKey, that.wrappedKey) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, epoch, sender, recipient);
    }

    @Override
    public String toString() {
        return "SealedRoomKey[sessionId=" + sessionId + ", epoch=" + epoch + ", sender=" + sender.userId() + "/"
                + sender.deviceId() + ", recipient=" + recipient.userId() + "/" + recipient.deviceId() + "]";
    }
}
