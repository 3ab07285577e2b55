package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.flip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaOaepTest {
    /** Generated once for the class: RSA-3072 key generation takes about half a second. */
    private static RsaKeyPair keys;
    private static RsaKeyPair otherKeys;

    private final SecureRandom random = TestRandom.seeded(3);
    private final byte[] roomKey = TestRandom.bytes(random, 32);
    private final byte[] label = "mzchat room key v1".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void generateKeys() {
        keys = RsaOaep.generate(TestRandom.seeded(30));
        otherKeys = RsaOaep.generate(TestRandom.seeded(31));
    }

    @Test
    void generatesA3072BitKeyWithExponent65537() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(keys.publicKeySpki()));
        assertEquals(3072, key.getModulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), key.getPublicExponent());
        assertEquals("RSA-OAEP-SHA256-3072", RsaOaep.ALG);
    }

    @Test
    void wrapsAndUnwrapsA32ByteKey() throws CryptoException {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random);
        assertEquals(RsaOaep.CIPHERTEXT_BYTES, wrapped.length);
        assertArrayEquals(roomKey, RsaOaep.decrypt(keys.privateKeyPkcs8(), wrapped, label));
    }

    @Test
    void encryptionIsRandomized() throws CryptoException {
        assertFalse(Arrays.equals(RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random),
                RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random)));
    }

    @Test
    void nullLabelMeansEmpty() throws CryptoException {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, null, random);
        assertArrayEquals(roomKey, RsaOaep.decrypt(keys.privateKeyPkcs8(), wrapped, new byte[0]));
    }

    @Test
    void wrongLabelOrKeyIsRefused() throws CryptoException {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random);
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(keys.privateKeyPkcs8(), wrapped, flip(label, 0)));
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(keys.privateKeyPkcs8(), wrapped, null));
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(otherKeys.privateKeyPkcs8(), wrapped, label));
    }

    @Test
    void tamperedCiphertextIsRefusedWithOneMessageForEveryReason() throws CryptoException {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random);
        byte[][] bad = {
            flip(wrapped, 0), flip(wrapped, 100), flip(wrapped, wrapped.length - 1),
            Arrays.copyOf(wrapped, wrapped.length - 1), Arrays.copyOf(wrapped, wrapped.length + 1),
            Arrays.copyOfRange(wrapped, 1, wrapped.length), new byte[0], new byte[RsaOaep.CIPHERTEXT_BYTES],
        };
        String message = null;
        for (byte[] ciphertext : bad) {
            CryptoException e = assertThrows(CryptoException.class,
                    () -> RsaOaep.decrypt(keys.privateKeyPkcs8(), ciphertext, label));
            // a padding oracle starts with distinguishable errors
            if (message == null) {
                message = e.getMessage();
            }
            assertEquals(message, e.getMessage());
        }
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(keys.privateKeyPkcs8(), null, label));
    }

    @Test
    void plaintextUpTo318BytesFits() throws CryptoException {
        byte[] longest = TestRandom.bytes(random, RsaOaep.MAX_PLAINTEXT_BYTES);
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), longest, label, random);
        assertArrayEquals(longest, RsaOaep.decrypt(keys.privateKeyPkcs8(), wrapped, label));
        assertThrows(IllegalArgumentException.class,
                () -> RsaOaep.encrypt(keys.publicKeySpki(), new byte[RsaOaep.MAX_PLAINTEXT_BYTES + 1], label, random));
    }

    @Test
    void malformedKeysAreRefused() {
        assertThrows(CryptoException.class, () -> RsaOaep.encrypt(new byte[] {1, 2, 3}, roomKey, label, random));
        assertThrows(CryptoException.class, () -> RsaOaep.encrypt(null, roomKey, label, random));
        assertThrows(CryptoException.class, () -> RsaOaep.encrypt(keys.privateKeyPkcs8(), roomKey, label, random));
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(keys.publicKeySpki(), new byte[384], label));
        assertThrows(CryptoException.class, () -> RsaOaep.decrypt(new byte[10], new byte[384], label));
        assertThrows(CryptoException.class, () -> RsaOaep.checkPublicKey(new byte[0]));
    }

    @Test
    void keysOfAnotherSizeAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, TestRandom.seeded(32));
        var rsa2048 = generator.generateKeyPair();
        assertThrows(CryptoException.class, () -> RsaOaep.checkPublicKey(rsa2048.getPublic().getEncoded()));
        assertThrows(CryptoException.class,
                () -> RsaOaep.encrypt(rsa2048.getPublic().getEncoded(), roomKey, label, random));
        assertThrows(CryptoException.class,
                () -> RsaOaep.decrypt(rsa2048.getPrivate().getEncoded(), new byte[256], label));
    }

    /** An independent implementation (BouncyCastle's) decrypts what the JDK-backed class encrypts. */
    @Test
    void interoperatesWithBouncyCastleOaepSha256() throws Exception {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, label, random);
        OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), label);
        oaep.init(false, PrivateKeyFactory.createKey(keys.privateKeyPkcs8()));
        assertArrayEquals(roomKey, oaep.processBlock(wrapped, 0, wrapped.length));
    }

    /**
     * The pitfall the explicit parameters avoid: the JDK's "OAEPWithSHA-256AndMGF1Padding" on its own
     * uses SHA-1 inside MGF1, so it cannot read our ciphertexts (nor anyone else's SHA-256 OAEP).
     */
    @Test
    void jdkDefaultOaepSha256TransformationIsNotCompatible() throws Exception {
        byte[] wrapped = RsaOaep.encrypt(keys.publicKeySpki(), roomKey, null, random);
        Cipher jdkDefault = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        jdkDefault.init(Cipher.DECRYPT_MODE,
                KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(keys.privateKeyPkcs8())));
        assertThrows(BadPaddingException.class, () -> jdkDefault.doFinal(wrapped));
    }

    @Test
    void destroyWipesThePrivateKey() {
        RsaKeyPair copy = new RsaKeyPair(keys.privateKeyPkcs8().clone(), keys.publicKeySpki());
        assertEquals(keys, copy);
        assertTrue(copy.toString().contains("privateKeyPkcs8=(hidden)"), copy.toString());
        copy.destroy();
        assertTrue(copy.isDestroyed());
        assertArrayEquals(new byte[keys.privateKeyPkcs8().length], copy.privateKeyPkcs8());
        assertFalse(keys.isDestroyed());
    }
}
