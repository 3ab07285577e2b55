package chat.mz.client.identity;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Revocation;
import java.util.List;

/**
 * An account's devices as checked against its K_id, trusting the homeserver for nothing but
 * delivery.
 *
 * @param deviceList  the current signed list
 * @param devices     the certificates of the listed devices that are valid now (an expired one is left out)
 * @param revocations every revocation, each signed by K_id
 */
public record VerifiedDevices(String userId, String username, byte[] rootPublicKey, DeviceList deviceList,
                              List<DeviceCertificate> devices, List<Revocation> revocations) {
    public VerifiedDevices {
        devices = List.copyOf(devices);
        revocations = List.copyOf(revocations);
    }
}
