package chat.mz.client.pairing;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.UserIds;
import chat.mz.protocol.pairing.AccountProfile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the identity service: signs with a test K_id and counts its calls. It can be told
 * to sign with another key, or to name another account, than the profile it hands out says.
 */
final class TestIssuer implements CertificateIssuer {
    final Ed25519KeyPair root;
    private final Ed25519KeyPair signer;
    private final AccountProfile profile;
    private final Clock clock;
    private final AtomicInteger calls = new AtomicInteger();

    private TestIssuer(Ed25519KeyPair root, Ed25519KeyPair signer, AccountProfile profile, Clock clock) {
        this.root = root;
        this.signer = signer;
        this.profile = profile;
        this.clock = clock;
    }

    /** An honest issuer for account "ada". */
    static TestIssuer honest(SecureRandom random, Clock clock) {
        Ed25519KeyPair root = Ed25519.generate(random);
        return new TestIssuer(root, root, profileOf(root), clock);
    }

    /** Signs with a key other than the root key its profile names. */
    static TestIssuer signingWithAnotherRoot(SecureRandom random, Clock clock) {
        Ed25519KeyPair root = Ed25519.generate(random);
        return new TestIssuer(root, Ed25519.generate(random), profileOf(root), clock);
    }

    /** Signs with its root key, but claims an account id that key does not give. */
    static TestIssuer claimingAnotherAccount(SecureRandom random, Clock clock) {
        Ed25519KeyPair root = Ed25519.generate(random);
        String otherId = UserIds.fromRootKey(Ed25519.generate(random).publicKey());
        return new TestIssuer(root, root, new AccountProfile(otherId, "ada", root.publicKey()), clock);
    }

    AccountProfile profile() {
        return profile;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public CompletionStage<Issued> issue(NewDevice device) {
        calls.incrementAndGet();
        Instant now = clock.instant();
        DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, profile.userId(),
                device.deviceId(), device.deviceName(), device.platform(), device.signingKey(),
                device.encryptionKey(), device.encryptionAlg(), now, now.plus(DeviceCertificate.DEFAULT_LIFETIME));
        return CompletableFuture.completedFuture(
                new Issued(DeviceCertificate.issue(body, signer.privateKey()), profile));
    }

    private static AccountProfile profileOf(Ed25519KeyPair root) {
        return new AccountProfile(UserIds.fromRootKey(root.publicKey()), "ada", root.publicKey());
    }
}
