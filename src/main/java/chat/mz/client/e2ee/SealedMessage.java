package chat.mz.client.e2ee;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Ed25519;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An end-to-end encrypted room message as it travels and is stored: header, ciphertext, signature.
 * Made by {@link RoomCipher#seal}, read by {@link RoomCipher#open}.
 *
 * <p>The encoding, big-endian, ids as one length byte and 1 to 64 URL-safe ASCII characters:
 * <pre>
 *   header      1   version, {@link MessageHeader#VERSION} (1)
 *               1+n session id
 *               8   room key epoch, from 1
 *               1+n sender user id
 *               1+n sender device id
 *               1+n message id
 *               8   counter, from 1
 *               12  AES-GCM nonce
 *   ciphertext  AES-256-GCM(room key, nonce, plaintext, associated data = the header bytes):
 *               the plaintext's length + 16 bytes of tag; it runs up to the signature
 *   signature   64  Ed25519 by the sender device over "mzchat room message v1" ‖ header ‖ ciphertext
 * </pre>
 *
 * <p>A plaintext is at most {@link #MAX_PLAINTEXT_BYTES} (16 KiB, the homeserver's cap on a
 * message's text), so an encoding is at most {@link #MAX_ENCODED_BYTES}. Decoding refuses anything
 * longer before parsing it, and anything of another version or with a field out of range.
 *
 * <p>Nothing here is checked cryptographically: a decoded message is only well-formed. The header
 * may be read before opening to find the sender's certificate and the room key, but it is not to be
 * trusted until {@link RoomCipher#open} has succeeded.
 */
public record SealedMessage(MessageHeader header, byte[] ciphertext, byte[] signature) {
    /** The largest plaintext a message may carry: 16 KiB, as the homeserver allows for a message's text. */
    public static final int MAX_PLAINTEXT_BYTES = 16 * 1024;
    /** The largest ciphertext: the largest plaintext and the tag. */
    public static final int MAX_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + AesGcm.TAG_BYTES;
    /** The largest encoding (16,753 bytes); as base64 {@link #MAX_BASE64_CHARS}. */
    public static final int MAX_ENCODED_BYTES = MessageHeader.MAX_ENCODED_BYTES + MAX_CIPHERTEXT_BYTES
            + Ed25519.SIGNATURE_BYTES;
    /** The largest encoding in padded base64 (22,340 characters). */
    public static final int MAX_BASE64_CHARS = (MAX_ENCODED_BYTES + 2) / 3 * 4;

    private static final String WHAT = "encrypted message";

    /** @throws IllegalArgumentException if the ciphertext or signature has an impossible size */
    public SealedMessage {
        Objects.requireNonNull(header, "header");
        if (ciphertext == null || ciphertext.length < AesGcm.TAG_BYTES || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw new IllegalArgumentException("a ciphertext is " + AesGcm.TAG_BYTES + " to " + MAX_CIPHERTEXT_BYTES
                    + " bytes");
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature is " + Ed25519.SIGNATURE_BYTES + " bytes");
        }
        ciphertext = ciphertext.clone();
        signature = signature.clone();
    }

    /** A copy of the ciphertext (with its tag). */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** A copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The encoding described in the class comment. */
    public byte[] encode() {
        byte[] header = this.header.encode();
        byte[] out = new byte[header.length + ciphertext.length + signature.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(ciphertext, 0, out, header.length, ciphertext.length);
        System.arraycopy(signature, 0, out, header.length + ciphertext.length, signature.length);
        return out;
    }

    /** The encoding in standard, padded base64 (RFC 4648 §4), as the protocol carries bytes. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(encode());
    }

    /**
     * Parses an encoding.
     *
     * @throws E2eeException {@link E2eeException.Reason#TOO_LARGE} above {@link #MAX_ENCODED_BYTES}
     *         or with a ciphertext above {@link #MAX_CIPHERTEXT_BYTES};
     *         {@link E2eeException.Reason#UNSUPPORTED_VERSION} for another version;
     *         {@link E2eeException.Reason#MALFORMED} for anything else that does not parse
     */
    public static SealedMessage decode(byte[] encoded) throws E2eeException {
        if (encoded == null || encoded.length == 0) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The encrypted message is empty.");
        }
        if (encoded.length > MAX_ENCODED_BYTES) {
            throw tooLarge();
        }
        if ((encoded[0] & 0xFF) != MessageHeader.VERSION) {
            throw new E2eeException(E2eeException.Reason.UNSUPPORTED_VERSION, "The encrypted message is of version "
                    + (encoded[0] & 0xFF) + ", which this app does not know.");
        }
        Wire.Reader in = new Wire.Reader(encoded, WHAT);
        MessageHeader header = MessageHeader.read(in);
        int ciphertextBytes = in.remaining() - Ed25519.SIGNATURE_BYTES;
        if (ciphertextBytes < AesGcm.TAG_BYTES) {
            throw in.malformed("it ends before a whole ciphertext and signature");
        }
        if (ciphertextBytes > MAX_CIPHERTEXT_BYTES) {
            throw tooLarge();
        }
        byte[] ciphertext = in.raw(ciphertextBytes, "ciphertext");
        byte[] signature = in.raw(Ed25519.SIGNATURE_BYTES, "signature");
        in.end();
        return new SealedMessage(header, ciphertext, signature);
    }

    /**
     * Parses the base64 form.
     *
     * @throws E2eeException as {@link #decode}, and {@link E2eeException.Reason#MALFORMED} for text
     *         that is not standard base64
     */
    public static SealedMessage fromBase64(String base64) throws E2eeException {
        if (base64 == null || base64.isEmpty()) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The encrypted message is empty.");
        }
        if (base64.length() > MAX_BASE64_CHARS) {
            // refused before decoding, so an oversized input costs no allocation
            throw tooLarge();
        }
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The encrypted message is malformed: it is not "
                    + "valid base64.");
        }
        return decode(encoded);
    }

    /** The ciphertext itself, without a copy, for this package's own use. */
    byte[] ciphertextBytes() {
        return ciphertext;
    }

    /** The signature itself, without a copy, for this package's own use. */
    byte[] signatureBytes() {
        return signature;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedMessage that
                && header.equals(that.header)
                && Arrays.equals(ciphertext, that.ciphertext)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SealedMessage[header=" + header + ", ciphertext=" + ciphertext.length + " bytes]";
    }

    private static E2eeException tooLarge() {
        return new E2eeException(E2eeException.Reason.TOO_LARGE, "The encrypted message is larger than a message "
                + "may be (" + MAX_PLAINTEXT_BYTES / 1024 + " KiB of text).");
    }
}
