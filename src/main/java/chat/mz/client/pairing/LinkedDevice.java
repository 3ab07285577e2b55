package chat.mz.client.pairing;

import chat.mz.identity.DeviceCertificate;
import java.util.Objects;

/**
 * The authorized device's result: the device it linked, and that device's certificate as the
 * device accepted it (countersigned). The identity service publishes it next ({@code PublishDevice}
 * with a new device list); until then the homeserver does not let the new device log in.
 *
 * @param certificate issued by K_id and countersigned by the new device; checked against the account
 */
public record LinkedDevice(NewDevice device, DeviceCertificate certificate) {
    public LinkedDevice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** The certificate as K_id issued it, without the device's countersignature. */
    public DeviceCertificate issuedCertificate() {
        return new DeviceCertificate(certificate.body(), certificate.rootSignature(), null);
    }
}
