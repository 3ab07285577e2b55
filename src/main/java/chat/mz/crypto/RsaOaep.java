package chat.mz.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1) on 3072-bit keys: a device's encryption
 * key, to which room keys are wrapped.
 *
 * <p>The OAEP parameters are always given explicitly. The JDK's
 * {@code "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"} without a parameter spec uses SHA-256 for the
 * label hash but <em>SHA-1</em> for MGF1, which no other library assumes: ciphertexts would not
 * interoperate and the Wycheproof vectors would fail.
 *
 * <p>Keys must have a 3072-bit modulus, on both sides: {@link #ALG} names the size, so a key of
 * another size in a certificate is a different algorithm, not a variant to accept silently.
 *
 * <p>Decryption answers every kind of bad ciphertext (wrong length, not reduced, bad padding, wrong
 * label, wrong key) with the same {@link CryptoException} message, so that the caller cannot turn
 * into a padding oracle (Manger's attack) by reporting the reason. The JDK's OAEP decoding itself
 * checks the padding without early exits.
 */
public final class RsaOaep {
    /** The algorithm name carried in a Device Certificate's {@code alg} field. */
    public static final String ALG = "RSA-OAEP-SHA256-3072";
    public static final int MODULUS_BITS = 3072;
    /** Ciphertexts are always exactly this long (the modulus size in bytes). */
    public static final int CIPHERTEXT_BYTES = MODULUS_BITS / 8;
    /** The longest plaintext one encryption can carry: k - 2·hLen - 2 = 384 - 64 - 2. */
    public static final int MAX_PLAINTEXT_BYTES = CIPHERTEXT_BYTES - 2 * 32 - 2;

    private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
    private static final String DECRYPTION_FAILED = "RSA-OAEP: decryption failed";

    private RsaOaep() {
    }

    /**
     * A new 3072-bit key pair with public exponent 65537. Takes about half a second: call it off
     * the UI thread.
     */
    public static RsaKeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(MODULUS_BITS, RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = generator.generateKeyPair();
            return new RsaKeyPair(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available in this Java runtime", e);
        }
    }

    /**
     * Encrypts a short secret (typically a 32-byte room key) to a public key.
     *
     * @param publicKeySpki X.509 SubjectPublicKeyInfo DER of a 3072-bit RSA key
     * @param plaintext at most {@link #MAX_PLAINTEXT_BYTES} bytes
     * @param label OAEP label, bound to the ciphertext without being encrypted (decryption with
     *        another label fails); {@code null} means empty
     * @return {@link #CIPHERTEXT_BYTES} bytes; randomized, so two encryptions differ
     * @throws CryptoException if the public key does not parse or is not a 3072-bit RSA key
     * @throws IllegalArgumentException if {@code plaintext} is too long
     */
    public static byte[] encrypt(byte[] publicKeySpki, byte[] plaintext, byte[] label, SecureRandom random)
            throws CryptoException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(random, "random");
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("RSA-OAEP plaintext must be at most " + MAX_PLAINTEXT_BYTES
                    + " bytes, not " + plaintext.length);
        }
        RSAPublicKey key = parsePublicKey(publicKeySpki);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(label), random);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed", e);
        }
    }

    /**
     * Decrypts and checks the padding and label.
     *
     * @param privateKeyPkcs8 PKCS#8 DER of a 3072-bit RSA key
     * @param label the label given to {@link #encrypt}; {@code null} means empty
     * @throws CryptoException if the key is malformed, or (with one message for every reason) if the
     *         ciphertext is not {@link #CIPHERTEXT_BYTES} long, is out of range, was made for another
     *         key or label, or was tampered with
     */
    public static byte[] decrypt(byte[] privateKeyPkcs8, byte[] ciphertext, byte[] label) throws CryptoException {
        RSAPrivateKey key = parsePrivateKey(privateKeyPkcs8);
        // RFC 8017 §7.1.2 step 1: a ciphertext must be exactly k bytes. The JDK would accept a
        // shorter one as a number with leading zeros dropped, which makes encodings non-unique.
        if (ciphertext == null || ciphertext.length != CIPHERTEXT_BYTES) {
            throw new CryptoException(DECRYPTION_FAILED);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(label));
            return cipher.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            // deliberately no cause and one message: see the class comment on padding oracles
            throw new CryptoException(DECRYPTION_FAILED);
        }
    }

    /**
     * Parses and checks a public key as {@link #encrypt} does, for code that accepts a device's key
     * (e.g. from a certificate) and wants to refuse a bad one early.
     *
     * @throws CryptoException if it does not parse or is not a 3072-bit RSA key
     */
    public static void checkPublicKey(byte[] publicKeySpki) throws CryptoException {
        parsePublicKey(publicKeySpki);
    }

    private static OAEPParameterSpec parameters(byte[] label) {
        return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified(Bytes.orEmpty(label)));
    }

    private static RSAPublicKey parsePublicKey(byte[] spki) throws CryptoException {
        if (spki == null) {
            throw new CryptoException("RSA public key is missing");
        }
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            requireModulusSize(key.getModulus().bitLength());
            return key;
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new CryptoException("RSA public key is malformed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this Java runtime", e);
        }
    }

    private static RSAPrivateKey parsePrivateKey(byte[] pkcs8) throws CryptoException {
        if (pkcs8 == null) {
            throw new CryptoException("RSA private key is missing");
        }
        try {
            RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            requireModulusSize(key.getModulus().bitLength());
            return key;
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new CryptoException("RSA private key is malformed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this Java runtime", e);
        }
    }

    private static void requireModulusSize(int bits) throws CryptoException {
        if (bits != MODULUS_BITS) {
            throw new CryptoException("RSA key must be " + MODULUS_BITS + " bits for " + ALG + ", not " + bits);
        }
    }
}
