package chat.mz.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * An RSA key pair in its standard encodings: the private key as PKCS#8 DER, the public key as
 * X.509 SubjectPublicKeyInfo DER (what goes into a Device Certificate).
 *
 * <p>Like {@link Ed25519KeyPair} it holds the arrays it is given, so {@link #destroy()} wipes the
 * private key in place. {@code equals} compares contents; {@code toString} hides the private key.
 */
public record RsaKeyPair(byte[] privateKeyPkcs8, byte[] publicKeySpki) implements Destroyable {
    public RsaKeyPair {
        if (privateKeyPkcs8 == null || privateKeyPkcs8.length == 0) {
            throw new IllegalArgumentException("RSA private key is missing");
        }
        if (publicKeySpki == null || publicKeySpki.length == 0) {
            throw new IllegalArgumentException("RSA public key is missing");
        }
    }

    /**
     * Zeroes the PKCS#8 bytes in place. (Copies the JDK made while the key was in use are outside
     * our reach; they are short-lived garbage.)
     */
    @Override
    public void destroy() {
        Bytes.wipe(privateKeyPkcs8);
    }

    /** {@code true} once the private key bytes are all zeros, which is what {@link #destroy()} leaves. */
    @Override
    public boolean isDestroyed() {
        return Bytes.constantTimeEquals(privateKeyPkcs8, new byte[privateKeyPkcs8.length]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RsaKeyPair that
                && Arrays.equals(publicKeySpki, that.publicKeySpki)
                && Bytes.constantTimeEquals(privateKeyPkcs8, that.privateKeyPkcs8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKeySpki);
    }

    @Override
    public String toString() {
        return "RsaKeyPair[publicKeySpki=" + publicKeySpki.length + " bytes, privateKeyPkcs8=(hidden)]";
    }
}
