package chat.mz.server.account;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Ids;
import chat.mz.identity.UserIds;
import chat.mz.protocol.account.RegisterParams;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Real keys, certificates and device lists for account tests, made the way a client makes them.
 * One RSA key is shared by every device: generating one takes half a second, and the server only
 * checks that it is a valid 3072-bit key.
 */
final class TestIdentities {
    private static final RsaKeyPair ENCRYPTION = RsaOaep.generate(new SecureRandom());

    private final SecureRandom random;

    TestIdentities(long seed) {
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device: its signing key pair and certificate. */
    record Device(Ed25519KeyPair keys, DeviceCertificate certificate) {
        String id() {
            return certificate.body().deviceId();
        }
    }

    /** An account as its authorized device holds it. */
    record Account(String username, Ed25519KeyPair root, Device first, DeviceList list) {
        String userId() {
            return UserIds.fromRootKey(root.publicKey());
        }

        RegisterParams registerParams() {
            return new RegisterParams(username, root.publicKey(), first.certificate().encode(), list.encode());
        }
    }

    Ed25519KeyPair keyPair() {
        return Ed25519.generate(random);
    }

    Account account(String username, Instant now) {
        Ed25519KeyPair root = keyPair();
        Device first = device(root, UserIds.fromRootKey(root.publicKey()), now, DeviceCertificate.DEFAULT_LIFETIME);
        return new Account(username, root, first, DeviceList.first(first.certificate(), now, root.privateKey()));
    }

    /** A countersigned device certificate for the account of {@code root}'s user id {@code userId}. */
    Device device(Ed25519KeyPair root, String userId, Instant issuedAt, Duration lifetime) {
        Ed25519KeyPair keys = keyPair();
        DeviceCertificate certificate = DeviceCertificate.issue(body(userId, keys, issuedAt, lifetime),
                root.privateKey()).countersign(keys.privateKey());
        return new Device(keys, certificate);
    }

    DeviceCertificate.Body body(String userId, Ed25519KeyPair keys, Instant issuedAt, Duration lifetime) {
        return new DeviceCertificate.Body(DeviceCertificate.VERSION, userId, Ids.random(random), "test device",
                "linux", keys.publicKey(), ENCRYPTION.publicKeySpki(), RsaOaep.ALG, issuedAt, issuedAt.plus(lifetime));
    }
}
