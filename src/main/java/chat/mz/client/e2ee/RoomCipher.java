package chat.mz.client.e2ee;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.CryptoException;
import chat.mz.crypto.Ed25519;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Seals and opens room messages (the format is {@link SealedMessage}'s): AES-256-GCM under the
 * session's room key with the header as associated data, then an Ed25519 signature by the sender
 * device over a domain label, the header and the ciphertext.
 *
 * <p>The room key proves only that a sender is a member: every member holds it. The signature is
 * what proves which device wrote a message, so a member cannot write in another's name, and it is
 * checked before anything is decrypted.
 *
 * <p>Stateless and thread-safe. The caller owns the counters: it gives each message of a device in
 * a session the next counter (stored, so it keeps rising across restarts) and keeps the sealed
 * bytes in its outbox, so a resend sends exactly the same message (the homeserver refuses a known
 * message id with other content).
 */
public final class RoomCipher {
    /** The domain-separation label in front of what a message signature covers. */
    static final byte[] SIGNATURE_LABEL = Wire.ascii("mzchat room message v1");

    private RoomCipher() {
    }

    /**
     * Encrypts and signs one message.
     *
     * @param key               the session's current room key; the header takes its session id and epoch
     * @param sender            this device
     * @param messageId         the id the message will also carry on the wire (1 to 64 URL-safe characters)
     * @param counter           this device's next counter in the session, from 1, never used before
     * @param plaintext         at most {@link SealedMessage#MAX_PLAINTEXT_BYTES}
     * @param signingPrivateKey this device's Ed25519 private key (32-byte seed); not kept
     * @param random            for the nonce
     * @throws IllegalArgumentException if the plaintext is too long, an id malformed or the counter below 1
     */
    public static SealedMessage seal(RoomKey key, DeviceRef sender, String messageId, long counter, byte[] plaintext,
                                     byte[] signingPrivateKey, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > SealedMessage.MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a message is at most " + SealedMessage.MAX_PLAINTEXT_BYTES
                    + " bytes, not " + plaintext.length);
        }
        MessageHeader header = new MessageHeader(MessageHeader.VERSION, key.sessionId(), key.epoch(),
                sender.userId(), sender.deviceId(), messageId, counter, AesGcm.newNonce(random));
        byte[] headerBytes = header.encode();
        byte[] ciphertext = AesGcm.seal(key.key(), header.nonceBytes(), plaintext, headerBytes);
        byte[] signature = Ed25519.sign(signingPrivateKey, signedBytes(headerBytes, ciphertext));
        return new SealedMessage(header, ciphertext, signature);
    }

    /**
     * Checks and decrypts one message, in this order: it belongs to {@code expectedSessionId}
     * ({@link E2eeException.Reason#WRONG_SESSION}); this device has its epoch's key
     * ({@link E2eeException.Reason#UNKNOWN_EPOCH}); the sender device signed it
     * ({@link E2eeException.Reason#BAD_SIGNATURE}); it decrypts
     * ({@link E2eeException.Reason#DECRYPT_FAILED}). Nothing is decrypted before the signature holds.
     *
     * <p>{@code senderSigningKey} must be the signing key of the device the header names
     * ({@code message.header().sender()}), taken from that device's {@code DeviceCertificate}, which
     * the caller has checked against the sender's identity key and current device list. Beyond that
     * the caller checks that the sender was a member of the session, and that the message id and
     * sender the homeserver reports match the header's. Replays are refused only by the overload
     * that takes a {@link ReplayGuard}.
     *
     * @param keys this device's room keys of {@code expectedSessionId}
     * @throws E2eeException for each refusal above, with a sentence fit to show
     * @throws IllegalStateException if {@code keys} answers with a key of another session or epoch
     */
    public static OpenedMessage open(SealedMessage message, String expectedSessionId, RoomKeyLookup keys,
                                     byte[] senderSigningKey) throws E2eeException {
        return open(message, expectedSessionId, keys, senderSigningKey, null);
    }

    /**
     * {@link #open(SealedMessage, String, RoomKeyLookup, byte[])}, refusing a message whose
     * (session, sender device, counter) {@code guard} has seen ({@link E2eeException.Reason#REPLAYED})
     * or that lies below its window ({@link E2eeException.Reason#TOO_OLD}). The counter is checked
     * before the signature, so a replay costs no crypto, and recorded only once the message has
     * authenticated and decrypted, so a forgery cannot use up a counter.
     */
    public static OpenedMessage open(SealedMessage message, String expectedSessionId, RoomKeyLookup keys,
                                     byte[] senderSigningKey, ReplayGuard guard) throws E2eeException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(expectedSessionId, "expectedSessionId");
        Objects.requireNonNull(keys, "keys");
        MessageHeader header = message.header();
        if (!header.sessionId().equals(expectedSessionId)) {
            throw new E2eeException(E2eeException.Reason.WRONG_SESSION,
                    "This encrypted message belongs to another conversation.");
        }
        RoomKey key = keys.find(header.epoch()).orElseThrow(() -> new E2eeException(
                E2eeException.Reason.UNKNOWN_EPOCH, "This message is encrypted under room key " + header.epoch()
                + " of the conversation, which this device does not have."));
        if (key.epoch() != header.epoch() || !key.sessionId().equals(expectedSessionId)) {
            throw new IllegalStateException("the room key lookup answered epoch " + header.epoch()
                    + " with a key of another session or epoch");
        }
        if (guard != null) {
            guard.check(header);
        }
        byte[] headerBytes = header.encode();
        byte[] ciphertext = message.ciphertextBytes();
        if (!Ed25519.verify(senderSigningKey, signedBytes(headerBytes, ciphertext), message.signatureBytes())) {
            throw new E2eeException(E2eeException.Reason.BAD_SIGNATURE,
                    "This message was not signed by the device it claims to come from.");
        }
        byte[] plaintext;
        try {
            plaintext = AesGcm.open(key.key(), header.nonceBytes(), ciphertext, headerBytes);
        } catch (CryptoException e) {
            throw new E2eeException(E2eeException.Reason.DECRYPT_FAILED,
                    "This message could not be decrypted with the conversation's room key.");
        }
        if (guard != null) {
            guard.accept(header);
        }
        return new OpenedMessage(header, plaintext);
    }

    /** What a message signature covers: the label, the header and the ciphertext. */
    static byte[] signedBytes(byte[] header, byte[] ciphertext) {
        byte[] signed = new byte[SIGNATURE_LABEL.length + header.length + ciphertext.length];
        System.arraycopy(SIGNATURE_LABEL, 0, signed, 0, SIGNATURE_LABEL.length);
        System.arraycopy(header, 0, signed, SIGNATURE_LABEL.length, header.length);
        System.arraycopy(ciphertext, 0, signed, SIGNATURE_LABEL.length + header.length, ciphertext.length);
        return signed;
    }
}
