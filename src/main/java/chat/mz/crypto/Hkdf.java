package chat.mz.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): extract-then-expand, e.g. the pairing key from the secret in
 * the QR code's URL fragment.
 *
 * <p>Give each use its own {@code info} string (a domain-separation label such as
 * {@code "mzchat pairing v1"}) so keys derived for different purposes from the same secret are
 * independent. Backed by BouncyCastle's {@link HKDFBytesGenerator}.
 */
public final class Hkdf {
    /** SHA-256 output size. */
    static final int HASH_BYTES = 32;
    /** RFC 5869 §2.3: at most 255 blocks of output. */
    public static final int MAX_LENGTH = 255 * HASH_BYTES;

    private Hkdf() {
    }

    /**
     * Derives {@code length} bytes of key material.
     *
     * @param salt optional; {@code null} or empty means the RFC's default of 32 zero bytes
     * @param inputKeyMaterial the secret
     * @param info optional context and domain-separation label; {@code null} means empty
     * @param length 0 to {@link #MAX_LENGTH} (8160) bytes
     * @throws IllegalArgumentException if {@code length} is negative or above {@link #MAX_LENGTH}:
     *         RFC 5869 does not define longer outputs
     */
    public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output must be 0 to " + MAX_LENGTH
                    + " bytes, not " + length);
        }
        byte[] output = new byte[length];
        if (length == 0) {
            return output;
        }
        // BouncyCastle treats a null salt as HashLen zero bytes; an empty salt is the same thing
        // once HMAC pads its key, but null states the intent and skips a needless copy
        byte[] saltOrNull = salt == null || salt.length == 0 ? null : salt;
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, saltOrNull, Bytes.orEmpty(info)));
        generator.generateBytes(output, 0, length);
        return output;
    }
}
