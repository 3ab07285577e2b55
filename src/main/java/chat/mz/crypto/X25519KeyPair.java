package chat.mz.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * An X25519 key pair (RFC 7748): a 32-byte private scalar and the 32-byte public u-coordinate.
 *
 * <p>Holds the arrays it is given, so {@link #destroy()} wipes the private key in place.
 * {@code equals} compares contents (the private key in constant time); {@code toString} shows the
 * public key only.
 */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) implements Destroyable {
    /**
     * @throws IllegalArgumentException if either key is missing or not 32 bytes
     */
    public X25519KeyPair {
        Bytes.requireLength(privateKey, X25519.KEY_BYTES, "X25519 private key");
        Bytes.requireLength(publicKey, X25519.KEY_BYTES, "X25519 public key");
    }

    /** Zeroes the private key in place. */
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
        return other instanceof X25519KeyPair that
                && Arrays.equals(publicKey, that.publicKey)
                && Bytes.constantTimeEquals(privateKey, that.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "X25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + ", privateKey=(hidden)]";
    }
}
