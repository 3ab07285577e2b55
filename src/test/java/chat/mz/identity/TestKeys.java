package chat.mz.identity;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;

/** Keys and certificates for identity tests, from a seeded random source so runs repeat. */
final class TestKeys {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** A stand-in for a device's encryption key; certificates carry its bytes, they do not use it. */
    static final byte[] ENCRYPTION_KEY = new byte[] {1, 2, 3, 4};

    private TestKeys() {
    }

    static SecureRandom random(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Ed25519KeyPair keyPair(long seed) {
        return Ed25519.generate(random(seed));
    }

    static DeviceCertificate.Body body(String userId, String deviceId, Ed25519KeyPair device) {
        return new DeviceCertificate.Body(DeviceCertificate.VERSION, userId, deviceId, "Ada's phone", "android",
                device.publicKey(), ENCRYPTION_KEY, "RSA-OAEP-SHA256-3072", NOW,
                NOW.plus(DeviceCertificate.DEFAULT_LIFETIME));
    }

    static DeviceCertificate certificate(Ed25519KeyPair root, String userId, String deviceId, Ed25519KeyPair device) {
        return DeviceCertificate.issue(body(userId, deviceId, device), root.privateKey())
                .countersign(device.privateKey());
    }
}
