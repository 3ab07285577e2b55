package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class X25519Test {

    /** RFC 7748 §6.1. */
    @Test
    void rfc7748DiffieHellman() throws CryptoException {
        byte[] alicePrivate = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] alicePublic = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPrivate = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(alicePublic, X25519.publicKeyOf(alicePrivate));
        assertArrayEquals(bobPublic, X25519.publicKeyOf(bobPrivate));
        assertArrayEquals(shared, X25519.agree(alicePrivate, bobPublic));
        assertArrayEquals(shared, X25519.agree(bobPrivate, alicePublic));
    }

    @Test
    void bothSidesAgree() throws CryptoException {
        X25519KeyPair alice = X25519.generate(TestRandom.seeded(1));
        X25519KeyPair bob = X25519.generate(TestRandom.seeded(2));
        assertArrayEquals(X25519.agree(alice.privateKey(), bob.publicKey()),
                X25519.agree(bob.privateKey(), alice.publicKey()));
        assertEquals(alice, X25519.generate(TestRandom.seeded(1)));
        assertNotEquals(alice, bob);
        assertArrayEquals(alice.publicKey(), X25519.publicKeyOf(alice.privateKey()));
    }

    @Test
    void refusesLowOrderPeerKeys() {
        byte[] privateKey = X25519.generate(TestRandom.seeded(3)).privateKey();
        assertThrows(CryptoException.class, () -> X25519.agree(privateKey, new byte[32]), "u = 0");
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(CryptoException.class, () -> X25519.agree(privateKey, one), "u = 1");
        assertThrows(CryptoException.class, () -> X25519.agree(privateKey,
                hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")), "order 8");
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        byte[] privateKey = X25519.generate(TestRandom.seeded(4)).privateKey();
        assertThrows(CryptoException.class, () -> X25519.agree(privateKey, new byte[31]));
        assertThrows(CryptoException.class, () -> X25519.agree(privateKey, null));
        assertThrows(IllegalArgumentException.class, () -> X25519.agree(new byte[33], new byte[32]));
    }

    @Test
    void destroyWipesThePrivateKey() {
        X25519KeyPair pair = X25519.generate(TestRandom.seeded(5));
        assertFalse(pair.toString().contains(TestRandom.hex(pair.privateKey())), "toString hides the private key");
        assertFalse(pair.isDestroyed());
        pair.destroy();
        assertTrue(pair.isDestroyed());
        assertArrayEquals(new byte[32], pair.privateKey());
    }
}
