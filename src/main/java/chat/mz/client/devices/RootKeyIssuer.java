package chat.mz.client.devices;

import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.CertificateIssuer;
import chat.mz.client.pairing.NewDevice;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.pairing.AccountProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Issues a linked device's certificate with the unlocked identity's K_id. The root key stays inside
 * {@link UnlockedIdentity}; only the signed certificate and the account's public profile leave.
 */
public final class RootKeyIssuer implements CertificateIssuer {
    private final UnlockedIdentity identity;
    private final Clock clock;

    /** @throws IllegalStateException if {@code identity} does not hold the account's root key */
    public RootKeyIssuer(UnlockedIdentity identity, Clock clock) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.clock = Objects.requireNonNull(clock, "clock");
        requireRootKey(identity);
    }

    /** Refuses a device that cannot sign for the account, with a sentence to show. */
    static void requireRootKey(UnlockedIdentity identity) {
        if (!identity.holdsRootKey()) {
            throw new IllegalStateException("Only the account's authorized device (the one that created it) "
                    + "can add or revoke devices; this device was linked to it.");
        }
    }

    @Override
    public CompletionStage<Issued> issue(NewDevice device) {
        try {
            Instant now = clock.instant();
            DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, identity.userId(),
                    device.deviceId(), device.deviceName(), device.platform(), device.signingKey(),
                    device.encryptionKey(), device.encryptionAlg(), now, now.plus(DeviceCertificate.DEFAULT_LIFETIME));
            AccountProfile profile = new AccountProfile(identity.userId(), identity.username(),
                    identity.rootPublicKey());
            return CompletableFuture.completedFuture(new Issued(identity.issue(body), profile));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
