package chat.mz.protocol.account;

import java.util.List;

/**
 * Result of {@code GetDevices}: everything a client needs to check an account's devices itself,
 * trusting nothing but K_id.
 *
 * @param deviceList   the current signed device list
 * @param certificates the certificates of the devices on it
 * @param revocations  every signed revocation of the account
 */
public record GetDevicesResult(String userId, String username, byte[] rootPublicKey, byte[] deviceList,
                               List<byte[]> certificates, List<byte[]> revocations) {
    public GetDevicesResult {
        certificates = List.copyOf(certificates);
        revocations = List.copyOf(revocations);
    }
}
