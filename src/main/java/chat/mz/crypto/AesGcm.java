package chat.mz.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM authenticated encryption with a 96-bit nonce and a 128-bit tag.
 *
 * <p>The public methods accept exactly these sizes and nothing else: a 12-byte nonce is the size
 * GCM is specified for (other sizes are hashed into a counter block, a path that has hidden real
 * bugs), and a full tag keeps forgery odds at 2<sup>-128</sup>. Shorter keys, other nonce sizes and
 * shorter tags exist only in the package-private general methods that the Wycheproof tests drive.
 *
 * <p><b>Never reuse a nonce with the same key</b>: a repeated (key, nonce) pair reveals the XOR of
 * two plaintexts and lets an attacker forge tags. With random nonces from {@link #newNonce} keep a
 * key to well under 2<sup>32</sup> messages (NIST SP 800-38D §8.3), or use a counter.
 *
 * <p>Runs on the JDK's SunJCE provider, which uses the CPU's AES and carry-less multiply
 * instructions. A fresh {@link Cipher} per call costs microseconds and keeps the class stateless and
 * thread-safe; it also sidesteps SunJCE's refusal to encrypt twice with one key and nonce on a
 * reused instance.
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    /** A new random 256-bit key. */
    public static byte[] generateKey(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** A new random 96-bit nonce (see the class comment for how many messages one key may take). */
    public static byte[] newNonce(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * Encrypts and authenticates {@code plaintext}, and authenticates {@code associatedData}
     * (which is not encrypted and not included in the output).
     *
     * @param associatedData optional; {@code null} means none
     * @return ciphertext followed by the 16-byte tag ({@code plaintext.length + 16} bytes)
     * @throws IllegalArgumentException if {@code key} is not 32 bytes or {@code nonce} not 12 bytes
     */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        Bytes.requireLength(key, KEY_BYTES, "AES-256-GCM key");
        Bytes.requireLength(nonce, NONCE_BYTES, "AES-GCM nonce");
        return seal(key, nonce, TAG_BYTES, plaintext, associatedData);
    }

    /**
     * Checks the tag and decrypts. Nothing is returned unless the whole input authenticates.
     *
     * @param ciphertextAndTag what {@link #seal} returned
     * @param associatedData the same associated data given to {@code seal}; {@code null} means none
     * @throws CryptoException if the tag does not verify: wrong key, nonce or associated data, or
     *         modified or truncated ciphertext
     * @throws IllegalArgumentException if {@code key} is not 32 bytes or {@code nonce} not 12 bytes
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException {
        Bytes.requireLength(key, KEY_BYTES, "AES-256-GCM key");
        Bytes.requireLength(nonce, NONCE_BYTES, "AES-GCM nonce");
        return open(key, nonce, TAG_BYTES, ciphertextAndTag, associatedData);
    }

    /**
     * General GCM encryption: AES-128/192/256, any non-empty nonce, tags of 12 to 16 bytes. Package
     * private so that only the Wycheproof tests use parameters the public API refuses.
     */
    static byte[] seal(byte[] key, byte[] nonce, int tagBytes, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce, tagBytes, associatedData);
        try {
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            // parameters were checked above; encryption has no other way to fail
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** General GCM decryption, the counterpart of {@link #seal(byte[], byte[], int, byte[], byte[])}. */
    static byte[] open(byte[] key, byte[] nonce, int tagBytes, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        Cipher cipher = init(Cipher.DECRYPT_MODE, key, nonce, tagBytes, associatedData);
        if (ciphertextAndTag.length < tagBytes) {
            throw new CryptoException("AES-GCM: ciphertext shorter than its tag");
        }
        try {
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new CryptoException("AES-GCM: authentication failed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher init(int mode, byte[] key, byte[] nonce, int tagBytes, byte[] associatedData) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes");
        }
        if (nonce == null || nonce.length == 0) {
            // an empty IV makes GCM leak its authentication key (CVE-2017-7822)
            throw new IllegalArgumentException("AES-GCM nonce must not be empty");
        }
        if (tagBytes < 12 || tagBytes > 16) {
            // NIST SP 800-38D allows 12..16 byte tags for general use; shorter ones are forgeable
            throw new IllegalArgumentException("AES-GCM tag must be 12 to 16 bytes, not " + tagBytes);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBytes * 8, nonce));
            if (associatedData != null && associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }
}
