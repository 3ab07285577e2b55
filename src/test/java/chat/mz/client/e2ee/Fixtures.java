package chat.mz.client.e2ee;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Accounts, devices and keys for the e2ee tests, from seeded randomness so that runs repeat. */
final class Fixtures {
    static final String SESSION = "climbing-group-0001";
    static final String OTHER_SESSION = "chess-club-group-002";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.123Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final DeviceRef ADA_LAPTOP = new DeviceRef("ada-user-id-0000000000", "ada-laptop");
    static final DeviceRef ADA_PHONE = new DeviceRef("ada-user-id-0000000000", "ada-phone");
    static final DeviceRef BOB_PHONE = new DeviceRef("bob-user-id-0000000000", "bob-phone");
    static final DeviceRef BOB_LAPTOP = new DeviceRef("bob-user-id-0000000000", "bob-laptop");
    static final DeviceRef CYD_PHONE = new DeviceRef("cyd-user-id-0000000000", "cyd-phone");

    static final Ed25519KeyPair ADA_LAPTOP_SIGNING = Ed25519.generate(seeded(1));
    static final Ed25519KeyPair ADA_PHONE_SIGNING = Ed25519.generate(seeded(2));
    static final Ed25519KeyPair CYD_PHONE_SIGNING = Ed25519.generate(seeded(3));

    private Fixtures() {
    }

    /**
     * A {@code SHA1PRNG} seeded before its first use: seeded that way it never mixes in system
     * entropy, so the same seed yields the same bytes on every run.
     */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA1PRNG is part of every JDK", e);
        }
    }

    static RoomKey roomKey(String sessionId, long epoch, long seed) {
        return RoomKey.create(sessionId, epoch, seeded(seed), CLOCK);
    }

    /** A copy of {@code bytes} with bit 0 of byte {@code index} flipped. */
    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 1;
        return copy;
    }

    /**
     * RSA-3072 device keys, made once per test run on first use (each takes about half a second).
     * Seeded, so the same keys every run.
     */
    static final class Rsa {
        static final RsaKeyPair BOB_PHONE_KEYS = RsaOaep.generate(seeded(101));
        static final RsaKeyPair BOB_LAPTOP_KEYS = RsaOaep.generate(seeded(102));
        static final RsaKeyPair CYD_PHONE_KEYS = RsaOaep.generate(seeded(103));

        private Rsa() {
        }
    }
}
