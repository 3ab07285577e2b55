package chat.mz.client.pairing;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.Hkdf;
import chat.mz.identity.Canonical;
import chat.mz.identity.Fingerprint;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.pairing.PairingMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Everything derived from the pairing secret and the session id: the channel keys, the check code,
 * the device's commitment and the bytes its proof signature covers. The labels are part of the
 * protocol (docs/PROTOCOL.md, "Linking a device"); changing one is a new protocol version.
 */
final class PairingKeys {
    static final String LABEL = "mzchat/pairing/v1";

    private final MailboxSessionId sessionId;
    private final byte[] salt;
    private final byte[] secret;

    PairingKeys(MailboxSessionId sessionId, byte[] secret) {
        this.sessionId = sessionId;
        this.salt = sessionId.value().getBytes(StandardCharsets.US_ASCII);
        this.secret = secret.clone();
    }

    MailboxSessionId sessionId() {
        return sessionId;
    }

    /** The session id's ASCII bytes: the HKDF salt, and part of every payload's associated data. */
    byte[] sessionIdBytes() {
        return salt.clone();
    }

    /**
     * The AES-256-GCM key for one direction of one responder's conversation:
     * HKDF-SHA256(salt = session id, ikm = secret, info = "mzchat/pairing/v1/" + direction ‖ responder id).
     * Each device that answers picks its own responder id, so two devices answering one code never
     * share a key and nonce.
     */
    byte[] channelKey(PairingChannel.Direction direction, byte[] responderId) {
        byte[] label = (LABEL + "/" + direction.label()).getBytes(StandardCharsets.US_ASCII);
        return Hkdf.derive(salt, secret, concat(label, responderId), AesGcm.KEY_BYTES);
    }

    /** SHA-256 over the device's random value, binding it before the device sees the challenge. */
    byte[] commitment(byte[] responderId, byte[] responderNonce) {
        return Fingerprint.sha256(Canonical.writer(LABEL + "/commitment").text(sessionId.value())
                .bytes(responderId).bytes(responderNonce).toByteArray());
    }

    /** What the device's proof signature covers: the session, its responder id and every request field. */
    byte[] proofMessage(byte[] responderId, PairingMessage.Request request) {
        return Canonical.writer(LABEL + "/request-proof").text(sessionId.value()).bytes(responderId)
                .text(request.deviceId()).text(request.deviceName()).text(request.platform())
                .bytes(request.signingKey()).bytes(request.encryptionKey()).text(request.encryptionAlg())
                .bytes(request.commitment()).toByteArray();
    }

    /**
     * The six-digit check code, e.g. {@code "482 913"}: HKDF over the secret with the SHA-256 of the
     * transcript (the request and challenge exactly as sent, and the revealed value) in its info.
     * Both devices get the same code only if both saw the same request, challenge and reveal.
     */
    String checkCode(byte[] responderId, byte[] requestPlaintext, byte[] challengePlaintext, byte[] responderNonce) {
        byte[] transcript = Canonical.writer(LABEL + "/transcript").text(sessionId.value()).bytes(responderId)
                .bytes(requestPlaintext).bytes(challengePlaintext).bytes(responderNonce).toByteArray();
        byte[] info = concat((LABEL + "/check-code").getBytes(StandardCharsets.US_ASCII),
                Fingerprint.sha256(transcript));
        byte[] derived = Hkdf.derive(salt, secret, info, Long.BYTES);
        // 64 bits reduced mod 10^6: the bias is below 2^-44, far under what a person could notice
        long value = Long.remainderUnsigned(ByteBuffer.wrap(derived).getLong(), 1_000_000L);
        Bytes.wipe(derived);
        String digits = String.format("%06d", value);
        return digits.substring(0, 3) + " " + digits.substring(3);
    }

    /** Forgets the secret. */
    void wipe() {
        Bytes.wipe(secret);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
