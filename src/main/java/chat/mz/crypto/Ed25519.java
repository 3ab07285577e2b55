package chat.mz.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Ed25519 signatures (RFC 8032, pure Ed25519: no context, no pre-hash).
 *
 * <p>Backed by BouncyCastle's RFC 8032 implementation ({@code org.bouncycastle.math.ec.rfc8032}, the
 * code under its {@code Ed25519Signer}), called directly so the message is neither buffered nor
 * copied: on this project's machines it signs and verifies about ten times faster than the JDK's
 * SunEC, which matters because every group message is signed by its sender's device key.
 *
 * <p>Verification is strict, as mzchat needs one answer to "is this signature valid" on every
 * device and on the server: the signature must be exactly 64 bytes, {@code S} must be below the
 * group order {@code L} (so signatures are not malleable), {@code R} and the public key must be
 * canonical point encodings, and public keys of small order (for which anyone could forge) are
 * refused. The Wycheproof vectors and {@code Ed25519Test} pin this behaviour.
 */
public final class Ed25519 {
    /** Size of a private key: the RFC 8032 seed from which the signing scalar is hashed. */
    public static final int PRIVATE_KEY_BYTES = 32;
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {
    }

    /** A new key pair whose seed is 32 bytes drawn from {@code random}. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[PRIVATE_KEY_BYTES];
        random.nextBytes(seed);
        return new Ed25519KeyPair(seed, publicKeyOf(seed));
    }

    /**
     * The public key of a private key (seed).
     *
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes
     */
    public static byte[] publicKeyOf(byte[] privateKey) {
        Bytes.requireLength(privateKey, PRIVATE_KEY_BYTES, "Ed25519 private key");
        byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * Signs {@code message}. Ed25519 signing is deterministic: no randomness is needed, and the
     * same key and message always give the same signature.
     *
     * <p>The public key is recomputed from the seed rather than taken from the caller: signing with
     * a public key that does not match the seed would leak the private key.
     *
     * @return the 64-byte signature {@code R || S}
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes
     */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        Bytes.requireLength(privateKey, PRIVATE_KEY_BYTES, "Ed25519 private key");
        Objects.requireNonNull(message, "message");
        byte[] signature = new byte[SIGNATURE_BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /**
     * Checks a signature strictly (see the class comment).
     *
     * @return {@code true} only for a valid signature of {@code message} under {@code publicKey};
     *         {@code false} for anything else, including a missing, short, long or malformed key or
     *         signature. Never throws on bad input, since both usually come from the network.
     * @throws NullPointerException if {@code message} is null (a bug in the caller, not bad input)
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES
                || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0,
                    message.length);
        } catch (RuntimeException malformed) {
            // BouncyCastle answers false for every encoding we know of; this keeps the promise
            // "never throws" should a future version signal a malformed point differently
            return false;
        }
    }

    /**
     * Full validation of a public key: a canonical encoding of a point on the curve, in the
     * prime-order subgroup, not the identity. Costs about one scalar multiplication; meant for the
     * moment a key is accepted (a device certificate, a contact's identity key), not for every
     * signature, since {@link #verify} already refuses keys that would allow forgeries.
     */
    public static boolean isValidPublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            return false;
        }
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(publicKey, 0);
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
