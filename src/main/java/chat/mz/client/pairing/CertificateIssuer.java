package chat.mz.client.pairing;

import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.pairing.AccountProfile;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Signs device certificates with the account's root identity key K_id. Implemented by the identity
 * service (which holds the unlocked keystore); {@link DeviceLinking} calls it only after the person
 * approved the device, and at most once per link.
 */
@FunctionalInterface
public interface CertificateIssuer {
    /**
     * Issues (but does not countersign) a certificate binding {@code device}'s id, name, platform
     * and both public keys to the account, and says which account that is.
     *
     * @return the certificate and the account's profile; fails if K_id is not available
     */
    CompletionStage<Issued> issue(NewDevice device);

    /**
     * A certificate and the account it belongs to.
     *
     * @param certificate issued by K_id for the new device
     * @param profile     the account: its id, username and K_id's public key
     */
    record Issued(DeviceCertificate certificate, AccountProfile profile) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(profile, "profile");
        }
    }
}
