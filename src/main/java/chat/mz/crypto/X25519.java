package chat.mz.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * X25519 Diffie-Hellman (RFC 7748), on BouncyCastle's constant-time implementation.
 *
 * <p>Public keys are decoded as RFC 7748 §5 says: the top bit is ignored and non-canonical values
 * (u ≥ 2<sup>255</sup>-19) are reduced, so every 32-byte string is a usable key and the result
 * matches every other conforming implementation. Keys of low order are not refused up front;
 * instead {@link #agree} refuses an all-zero shared secret (RFC 7748 §6.1), which is exactly what
 * such keys produce, so a peer cannot force a known secret. (The JDK's XDH behaves the same way:
 * it throws "Point has small order" where this class throws {@link CryptoException}; both agree
 * with every Wycheproof vector.) The result is raw DH output: run it through {@link Hkdf} with a
 * transcript before using it as a key.
 */
public final class X25519 {
    /** Size of private keys, public keys and shared secrets. */
    public static final int KEY_BYTES = 32;

    private X25519() {
    }

    /** A new key pair; the private key is 32 bytes from {@code random}, clamped as RFC 7748 §5 describes. */
    public static X25519KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] privateKey = new byte[KEY_BYTES];
        org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, privateKey);
        byte[] publicKey = new byte[KEY_BYTES];
        org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new X25519KeyPair(privateKey, publicKey);
    }

    /**
     * The public key of a private key (the scalar is clamped first, as in every X25519 operation).
     *
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes
     */
    public static byte[] publicKeyOf(byte[] privateKey) {
        Bytes.requireLength(privateKey, KEY_BYTES, "X25519 private key");
        byte[] publicKey = new byte[KEY_BYTES];
        org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * Computes the shared secret X25519(privateKey, peerPublicKey).
     *
     * @throws CryptoException if {@code peerPublicKey} is missing or not 32 bytes, or the result is
     *         all zeros (the peer sent a low-order point)
     * @throws IllegalArgumentException if {@code privateKey} is not 32 bytes
     */
    public static byte[] agree(byte[] privateKey, byte[] peerPublicKey) throws CryptoException {
        Bytes.requireLength(privateKey, KEY_BYTES, "X25519 private key");
        if (peerPublicKey == null || peerPublicKey.length != KEY_BYTES) {
            throw new CryptoException("X25519 public key must be " + KEY_BYTES + " bytes");
        }
        byte[] shared = new byte[KEY_BYTES];
        // calculateAgreement answers false, in constant time, when the result is all zeros
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, shared, 0)) {
            throw new CryptoException("X25519: peer public key has low order (all-zero shared secret)");
        }
        return shared;
    }
}
