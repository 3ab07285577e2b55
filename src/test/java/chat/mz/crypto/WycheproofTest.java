package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.crypto.Wycheproof.Vector;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of the five Wycheproof files in {@code src/test/resources/wycheproof/}, run through
 * {@code chat.mz.crypto}. See {@link Wycheproof} for how verdicts are judged; each factory ends with
 * a test that the number of vectors run equals the file's {@code numberOfTests}.
 */
class WycheproofTest {

    /**
     * AES-GCM with 128/192/256-bit keys and IVs of 0 to 2056 bits. Every vector goes through the
     * general package-private path; those with mzchat's sizes (256-bit key, 96-bit IV, 128-bit tag)
     * also through the public methods, and the public methods must refuse all other sizes.
     */
    @TestFactory
    Stream<DynamicTest> aesGcm() {
        return Wycheproof.tests("aes_gcm_test.json", WycheproofTest::aesGcm);
    }

    private static boolean aesGcm(Vector v) throws Exception {
        byte[] key = v.hex("key");
        byte[] iv = v.hex("iv");
        byte[] aad = v.hex("aad");
        byte[] msg = v.hex("msg");
        byte[] sealed = concat(v.hex("ct"), v.hex("tag"));
        int tagBytes = v.groupInt("tagSize") / 8;
        boolean strictSizes = key.length == AesGcm.KEY_BYTES && iv.length == AesGcm.NONCE_BYTES
                && tagBytes == AesGcm.TAG_BYTES;
        if (!strictSizes) {
            assertThrows(IllegalArgumentException.class, () -> AesGcm.open(key, iv, sealed, aad),
                    "the public open must refuse non-mzchat sizes");
            assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(key, iv, msg, aad),
                    "the public seal must refuse non-mzchat sizes");
        }
        byte[] opened;
        try {
            opened = AesGcm.open(key, iv, tagBytes, sealed, aad);
        } catch (CryptoException | IllegalArgumentException refused) {
            if (strictSizes) {
                assertThrows(CryptoException.class, () -> AesGcm.open(key, iv, sealed, aad),
                        "the public open must refuse what the general one refuses");
            }
            return false;
        }
        assertArrayEquals(msg, opened, "decrypted plaintext");
        assertArrayEquals(sealed, AesGcm.seal(key, iv, tagBytes, msg, aad), "ciphertext || tag");
        if (strictSizes) {
            assertArrayEquals(msg, AesGcm.open(key, iv, sealed, aad), "public open");
            assertArrayEquals(sealed, AesGcm.seal(key, iv, msg, aad), "public seal");
        }
        return true;
    }

    /** Ed25519 verification, strict: malleable S, non-canonical R and bad lengths are invalid. */
    @TestFactory
    Stream<DynamicTest> ed25519() {
        return Wycheproof.tests("ed25519_test.json", v -> {
            byte[] publicKey = TestRandom.hex(v.group().get("publicKey").get("pk").asText());
            return Ed25519.verify(publicKey, v.hex("msg"), v.hex("sig"));
        });
    }

    /** HKDF-SHA256, including output sizes above 255·32 bytes, which must be refused. */
    @TestFactory
    Stream<DynamicTest> hkdfSha256() {
        return Wycheproof.tests("hkdf_sha256_test.json", v -> {
            byte[] okm;
            try {
                okm = Hkdf.derive(v.hex("salt"), v.hex("ikm"), v.hex("info"), v.testInt("size"));
            } catch (IllegalArgumentException refused) {
                return false;
            }
            assertArrayEquals(v.hex("okm"), okm, "output key material");
            return true;
        });
    }

    /**
     * RSA-OAEP-3072 decryption with SHA-256 and MGF1-SHA-256, with labels. For valid vectors the
     * message is also encrypted again to the vector's public key and decrypted, to cover
     * {@link RsaOaep#encrypt} with the same parameters.
     */
    @TestFactory
    Stream<DynamicTest> rsaOaep3072Sha256() {
        return Wycheproof.tests("rsa_oaep_3072_sha256_mgf1sha256_test.json", v -> {
            byte[] privateKey = v.groupHex("privateKeyPkcs8");
            byte[] label = v.hex("label");
            byte[] plaintext;
            try {
                plaintext = RsaOaep.decrypt(privateKey, v.hex("ct"), label);
            } catch (CryptoException refused) {
                return false;
            }
            byte[] msg = v.hex("msg");
            assertArrayEquals(msg, plaintext, "decrypted message");
            byte[] again = RsaOaep.encrypt(publicKeyOf(privateKey), msg, label, TestRandom.seeded(v.tcId()));
            assertArrayEquals(msg, RsaOaep.decrypt(privateKey, again, label), "re-encrypted message");
            return true;
        });
    }

    /**
     * X25519. Wycheproof calls the 254 edge cases (low-order, twist, non-canonical public keys)
     * "acceptable"; mzchat pins one answer for them: refuse exactly those whose shared secret is
     * all zeros, and compute the RFC 7748 result for all others.
     */
    @TestFactory
    Stream<DynamicTest> x25519() {
        return Wycheproof.tests("x25519_test.json", v -> {
            byte[] shared;
            try {
                shared = X25519.agree(v.hex("private"), v.hex("public"));
            } catch (CryptoException refused) {
                return false;
            }
            assertArrayEquals(v.hex("shared"), shared, "shared secret");
            return true;
        }, v -> !Arrays.equals(v.hex("shared"), new byte[X25519.KEY_BYTES]));
    }

    private static byte[] publicKeyOf(byte[] pkcs8) throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded();
    }
}
