package chat.mz.client.e2ee;

import chat.mz.crypto.AesGcm;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The clear part of an encrypted room message: everything a receiver needs to find the key and the
 * sender's certificate, and everything the ciphertext is bound to. Its {@link #encode() encoding} is
 * the AES-GCM associated data and is covered by the sender's signature, so no field can be changed
 * on the way without the message being refused.
 *
 * @param version        the format version, {@link #VERSION}
 * @param sessionId      the session (group or direct chat) the message belongs to
 * @param epoch          the room key epoch it is encrypted under, from 1
 * @param senderUserId   the sending account
 * @param senderDeviceId the sending device, whose signing key signed the message
 * @param messageId      the sender-chosen id that the homeserver also sees (and deduplicates by)
 * @param counter        per sender device and session, from 1, strictly increasing: what the
 *                       {@link ReplayGuard} tracks
 * @param nonce          the 12-byte AES-GCM nonce, random per message
 */
public record MessageHeader(int version, String sessionId, long epoch, String senderUserId, String senderDeviceId,
                            String messageId, long counter, byte[] nonce) {
    public static final int VERSION = 1;
    /** The largest encoding: the version, four ids of 64 characters with their lengths, two numbers, the nonce. */
    public static final int MAX_ENCODED_BYTES = 1 + 4 * (1 + IdRules.MAX_ID_LENGTH) + 2 * Long.BYTES
            + AesGcm.NONCE_BYTES;

    /** @throws IllegalArgumentException if a field is out of its range (see the parameters) */
    public MessageHeader {
        if (version != VERSION) {
            throw new IllegalArgumentException("message header version " + version + " is not " + VERSION);
        }
        IdRules.requireId(sessionId, "session id");
        IdRules.requireId(senderUserId, "sender user id");
        IdRules.requireId(senderDeviceId, "sender device id");
        IdRules.requireId(messageId, "message id");
        if (epoch < 1) {
            throw new IllegalArgumentException("room key epochs start at 1, not " + epoch);
        }
        if (counter < 1) {
            throw new IllegalArgumentException("message counters start at 1, not " + counter);
        }
        if (nonce == null || nonce.length != AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("an AES-GCM nonce is " + AesGcm.NONCE_BYTES + " bytes");
        }
        nonce = nonce.clone();
    }

    /** A copy of the nonce. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The sending device. */
    public DeviceRef sender() {
        return new DeviceRef(senderUserId, senderDeviceId);
    }

    /**
     * The header's bytes, as laid out in {@link SealedMessage}: the version, the session id, the
     * epoch, the sender's user and device ids, the message id, the counter and the nonce.
     */
    public byte[] encode() {
        return new Wire.Writer(MAX_ENCODED_BYTES).u8(version).id(sessionId).int64(epoch).id(senderUserId)
                .id(senderDeviceId).id(messageId).int64(counter).raw(nonce).toByteArray();
    }

    /** Reads a header at the reader's position; the version byte has been checked by the caller. */
    static MessageHeader read(Wire.Reader in) throws E2eeException {
        int version = in.u8("version");
        String sessionId = in.id("session id");
        long epoch = in.int64("epoch");
        if (epoch < 1) {
            throw in.malformed("the room key epoch is " + epoch + ", below 1");
        }
        String senderUserId = in.id("sender user id");
        String senderDeviceId = in.id("sender device id");
        String messageId = in.id("message id");
        long counter = in.int64("counter");
        if (counter < 1) {
            throw in.malformed("the message counter is " + counter + ", below 1");
        }
        byte[] nonce = in.raw(AesGcm.NONCE_BYTES, "nonce");
        return new MessageHeader(version, sessionId, epoch, senderUserId, senderDeviceId, messageId, counter, nonce);
    }

    /** The nonce itself, without a copy, for this package's own use. */
    byte[] nonceBytes() {
        return nonce;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageHeader that
                && version == that.version && epoch == that.epoch && counter == that.counter
                && sessionId.equals(that.sessionId) && senderUserId.equals(that.senderUserId)
                && senderDeviceId.equals(that.senderDeviceId) && messageId.equals(that.messageId)
                && Arrays.equals(nonce, that.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, epoch, senderUserId, senderDeviceId, messageId, counter);
    }

    @Override
    public String toString() {
        return "MessageHeader[version=" + version + ", sessionId=" + sessionId + ", epoch=" + epoch
                + ", sender=" + senderUserId + "/" + senderDeviceId + ", messageId=" + messageId
                + ", counter=" + counter + ", nonce=" + HexFormat.of().formatHex(nonce) + "]";
    }
}
