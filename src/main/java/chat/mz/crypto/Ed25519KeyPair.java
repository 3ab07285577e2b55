package chat.mz.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * An Ed25519 key pair: the 32-byte private seed (RFC 8032 §5.1.5) and the 32-byte public key.
 *
 * <p>The record holds the arrays it is given, without copying, so that {@link #destroy()} wipes the
 * one copy of the seed instead of leaving an earlier one behind; callers must not modify the arrays
 * they get from the accessors. It does not check that the public key belongs to the seed; use
 * {@link Ed25519#publicKeyOf} when that matters.
 *
 * <p>{@code equals} compares contents (the private key in constant time); {@code toString} shows the
 * public key only.
 */
public record Ed25519KeyPair(byte[] privateKey, byte[] publicKey) implements Destroyable {
    /**
     * @throws IllegalArgumentException if either key is missing or not 32 bytes
     */
    public Ed25519KeyPair {
        Bytes.requireLength(privateKey, Ed25519.PRIVATE_KEY_BYTES, "Ed25519 private key");
        Bytes.requireLength(publicKey, Ed25519.PUBLIC_KEY_BYTES, "Ed25519 public key");
    }

    /** Zeroes the private key in place; the pair cannot sign afterwards. */
    @Override
    public void destroy() {
        Bytes.wipe(privateKey);
    }

    /** {@code true} once the private key is all zeros, which is what {@link #destroy()} leaves. */
    @Override
    public boolean isDestroyed() {
        return Bytes.constantTimeEquals(privateKey, new byte[privateKey.length]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519KeyPair that
                && Arrays.equals(publicKey, that.publicKey)
                && Bytes.constantTimeEquals(privateKey, that.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never shows the private key, so a key pair that ends up in a log line leaks nothing. */
    @Override
    public String toString() {
        return "Ed25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=(hidden)]";
    }
}
