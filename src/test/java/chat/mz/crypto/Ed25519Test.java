package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.flip;
import static chat.mz.crypto.TestRandom.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    private static final byte[] MESSAGE = "device certificate v1".getBytes(StandardCharsets.UTF_8);

    /** The eight points of small order, canonically encoded (every multiple of an order-8 point). */
    private static final List<String> SMALL_ORDER_POINTS = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");

    private final Ed25519KeyPair keys = Ed25519.generate(TestRandom.seeded(42));

    @Test
    void rfc8032TestVector1() {
        byte[] seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] signature = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertArrayEquals(publicKey, Ed25519.publicKeyOf(seed));
        assertArrayEquals(signature, Ed25519.sign(seed, new byte[0]));
        assertTrue(Ed25519.verify(publicKey, new byte[0], signature));
    }

    @Test
    void seededRandomGivesTheSameKeysEveryTime() {
        assertEquals(keys, Ed25519.generate(TestRandom.seeded(42)));
        assertNotEquals(keys, Ed25519.generate(TestRandom.seeded(43)));
        assertEquals(Ed25519.PUBLIC_KEY_BYTES, keys.publicKey().length);
        assertEquals(Ed25519.PRIVATE_KEY_BYTES, keys.privateKey().length);
        assertArrayEquals(keys.publicKey(), Ed25519.publicKeyOf(keys.privateKey()));
    }

    @Test
    void signsAndVerifies() {
        byte[] signature = Ed25519.sign(keys.privateKey(), MESSAGE);
        assertEquals(Ed25519.SIGNATURE_BYTES, signature.length);
        assertTrue(Ed25519.verify(keys.publicKey(), MESSAGE, signature));
        // deterministic (RFC 8032): no randomness, same signature every time
        assertArrayEquals(signature, Ed25519.sign(keys.privateKey(), MESSAGE));
    }

    @Test
    void refusesAnotherMessageOrKey() {
        byte[] signature = Ed25519.sign(keys.privateKey(), MESSAGE);
        for (int i = 0; i < MESSAGE.length; i++) {
            assertFalse(Ed25519.verify(keys.publicKey(), flip(MESSAGE, i), signature), "message byte " + i);
        }
        assertFalse(Ed25519.verify(keys.publicKey(), Arrays.copyOf(MESSAGE, MESSAGE.length + 1), signature));
        Ed25519KeyPair other = Ed25519.generate(TestRandom.seeded(7));
        assertFalse(Ed25519.verify(other.publicKey(), MESSAGE, signature));
    }

    @Test
    void refusesAnyFlippedSignatureOrKeyByte() {
        byte[] signature = Ed25519.sign(keys.privateKey(), MESSAGE);
        for (int i = 0; i < signature.length; i++) {
            assertFalse(Ed25519.verify(keys.publicKey(), MESSAGE, flip(signature, i)), "signature byte " + i);
        }
        for (int i = 0; i < keys.publicKey().length; i++) {
            assertFalse(Ed25519.verify(flip(keys.publicKey(), i), MESSAGE, signature), "key byte " + i);
        }
    }

    @Test
    void refusesMalformedInputWithoutThrowing() {
        byte[] signature = Ed25519.sign(keys.privateKey(), MESSAGE);
        assertFalse(Ed25519.verify(null, MESSAGE, signature));
        assertFalse(Ed25519.verify(keys.publicKey(), MESSAGE, null));
        for (int length : new int[] {0, 31, 33, 64}) {
            assertFalse(Ed25519.verify(Arrays.copyOf(keys.publicKey(), length), MESSAGE, signature), "key " + length);
        }
        for (int length : new int[] {0, 32, 63, 65, 128}) {
            assertFalse(Ed25519.verify(keys.publicKey(), MESSAGE, Arrays.copyOf(signature, length)), "sig " + length);
        }
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        assertFalse(Ed25519.verify(ones, MESSAGE, signature), "not a point");
    }

    @Test
    void refusesMalleatedS() {
        BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] signature = Ed25519.sign(keys.privateKey(), MESSAGE);
        byte[] sLittleEndian = Arrays.copyOfRange(signature, 32, 64);
        BigInteger s = new BigInteger(1, reverse(sLittleEndian));
        byte[] sPlusL = reverse(toFixed(s.add(order), 32));
        byte[] malleated = signature.clone();
        System.arraycopy(sPlusL, 0, malleated, 32, 32);
        assertFalse(Ed25519.verify(keys.publicKey(), MESSAGE, malleated));
    }

    /**
     * With a public key A of small order, [S]B = R + [k]A holds for S = 0 and R = -[k]A, which is
     * again a small-order point: a lax verifier accepts such "signatures" on any message without
     * any private key. Every combination must be refused.
     */
    @Test
    void refusesSmallOrderPublicKeysThatWouldAllowForgeries() {
        for (String a : SMALL_ORDER_POINTS) {
            assertFalse(Ed25519.isValidPublicKey(hex(a)), a);
            for (String r : SMALL_ORDER_POINTS) {
                byte[] signature = Arrays.copyOf(hex(r), 64);
                for (int m = 0; m < 8; m++) {
                    assertFalse(Ed25519.verify(hex(a), new byte[] {(byte) m}, signature), a + " / " + r + " / " + m);
                }
            }
        }
    }

    @Test
    void isValidPublicKeyAcceptsRealKeysOnly() {
        assertTrue(Ed25519.isValidPublicKey(keys.publicKey()));
        assertFalse(Ed25519.isValidPublicKey(null));
        assertFalse(Ed25519.isValidPublicKey(new byte[31]));
        // y = p (non-canonical encoding of y = 0)
        assertFalse(Ed25519.isValidPublicKey(hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
    }

    @Test
    void refusesPrivateKeysOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519.sign(new byte[64], MESSAGE));
        assertThrows(IllegalArgumentException.class, () -> Ed25519.publicKeyOf(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519.sign(null, MESSAGE));
        assertThrows(IllegalArgumentException.class, () -> new Ed25519KeyPair(new byte[32], new byte[33]));
    }

    @Test
    void destroyWipesThePrivateKey() {
        Ed25519KeyPair pair = Ed25519.generate(TestRandom.seeded(5));
        byte[] privateKey = pair.privateKey();
        assertFalse(pair.isDestroyed());
        pair.destroy();
        assertTrue(pair.isDestroyed());
        assertArrayEquals(new byte[32], privateKey);
    }

    @Test
    void toStringShowsOnlyThePublicKey() {
        String text = keys.toString();
        assertTrue(text.contains(TestRandom.hex(keys.publicKey())), text);
        assertFalse(text.contains(TestRandom.hex(keys.privateKey())), text);
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    private static byte[] toFixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, fixed, length - copy, copy);
        return fixed;
    }
}
