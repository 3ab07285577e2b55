package chat.mz.protocol.pairing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message of the link handshake, as it travels inside an encrypted mailbox payload. The
 * {@code type} member names the record. In order:
 *
 * <ol>
 *   <li>new device → authorized device: {@link Request}</li>
 *   <li>authorized → new: {@link Challenge}</li>
 *   <li>new → authorized: {@link Reveal}; both now show the check code</li>
 *   <li>authorized → new: {@link Approved} or {@link Denied}</li>
 *   <li>new → authorized: {@link Accepted}</li>
 * </ol>
 * Either side may send an {@link Abort} instead of its next message.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PairingMessage.Request.class, name = "request"),
        @JsonSubTypes.Type(value = PairingMessage.Challenge.class, name = "challenge"),
        @JsonSubTypes.Type(value = PairingMessage.Reveal.class, name = "reveal"),
        @JsonSubTypes.Type(value = PairingMessage.Approved.class, name = "approved"),
        @JsonSubTypes.Type(value = PairingMessage.Denied.class, name = "denied"),
        @JsonSubTypes.Type(value = PairingMessage.Accepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = PairingMessage.Abort.class, name = "abort")})
public sealed interface PairingMessage {
    /** Random values exchanged for the check code are this long. */
    int NONCE_BYTES = 32;
    /** An Ed25519 signature. */
    int SIGNATURE_BYTES = 64;
    /** Room for a certificate with a large encryption key; real ones are about 1 KiB. */
    int MAX_CERTIFICATE_BYTES = 16 * 1024;

    /**
     * The new device asks to be linked: who it is, its public keys, a commitment to the random
     * value it reveals later (so it cannot choose that value after seeing the challenge), and a
     * signature with its signing key over all of it and the session, proving it holds that key.
     *
     * @param commitment SHA-256 commitment to the device's {@link Reveal#responderNonce()}
     * @param proof      Ed25519 signature by {@code signingKey}; see docs/PROTOCOL.md for what it covers
     */
    record Request(String deviceId, String deviceName, String platform, byte[] signingKey, byte[] encryptionKey,
                   String encryptionAlg, byte[] commitment, byte[] proof) implements PairingMessage {
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        public Request {
            if (deviceId == null || !ID.matcher(deviceId).matches()) {
                throw new IllegalArgumentException("the device id must be 1 to 64 URL-safe characters");
            }
            deviceName = label(deviceName, "device name", 64);
            platform = label(platform, "platform", 32);
            encryptionAlg = label(encryptionAlg, "encryption algorithm", 64);
            requireLength(signingKey, 32, "signing key");
            if (encryptionKey == null || encryptionKey.length == 0 || encryptionKey.length > 2048) {
                throw new IllegalArgumentException("the encryption key is missing or too long");
            }
            requireLength(commitment, 32, "commitment");
            requireLength(proof, SIGNATURE_BYTES, "proof");
        }

        /** The same request with {@code newProof} as its signature. */
        public Request withProof(byte[] newProof) {
            return new Request(deviceId, deviceName, platform, signingKey, encryptionKey, encryptionAlg, commitment,
                    newProof);
        }

        /**
         * Checks a device name and platform as a request would, so that a caller can refuse bad
         * input before doing any work.
         *
         * @throws IllegalArgumentException naming the problem in plain words
         */
        public static void checkLabels(String deviceName, String platform) {
            label(deviceName, "device name", 64);
            label(platform, "platform", 32);
        }
    }

    /** The authorized device's random contribution to the check code, sent once it has a request. */
    record Challenge(byte[] initiatorNonce) implements PairingMessage {
        public Challenge {
            requireLength(initiatorNonce, NONCE_BYTES, "initiator nonce");
        }
    }

    /** The new device opens its commitment; from here both sides can compute the check code. */
    record Reveal(byte[] responderNonce) implements PairingMessage {
        public Reveal {
            requireLength(responderNonce, NONCE_BYTES, "responder nonce");
        }
    }

    /**
     * The person approved: the new device's certificate, issued by K_id, and the account it joins.
     *
     * @param certificate the {@code DeviceCertificate} encoding, not yet countersigned
     */
    record Approved(byte[] certificate, AccountProfile profile) implements PairingMessage {
        public Approved {
            if (certificate == null || certificate.length == 0 || certificate.length > MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException("the certificate is missing or too long");
            }
            Objects.requireNonNull(profile, "profile");
        }
    }

    /** The person denied the request. */
    record Denied() implements PairingMessage {
    }

    /**
     * The new device checked its certificate and accepts it.
     *
     * @param certificate the certificate, now countersigned by the device's signing key
     */
    record Accepted(byte[] certificate) implements PairingMessage {
        public Accepted {
            if (certificate == null || certificate.length == 0 || certificate.length > MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException("the certificate is missing or too long");
            }
        }
    }

    /** The sender stopped the link, and says why. */
    record Abort(AbortReason reason) implements PairingMessage {
        public Abort {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static String label(String value, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is missing");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must be at most " + maxLength
                    + " characters without control characters");
        }
        return stripped;
    }

    private static void requireLength(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException("the " + what + " must be " + length + " bytes");
        }
    }
}
