package chat.mz.client.identity;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentityException;
import chat.mz.identity.Revocation;
import chat.mz.identity.UserIds;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Looks up an account's devices with {@code GetDevices} and checks everything the homeserver sent:
 * that the identity key is the one the user id is derived from, and that the device list, the
 * certificates and the revocations were all signed by it. A homeserver that lies fails the lookup
 * with an {@link IdentityException} (as the future's cause).
 */
public final class DeviceDirectory {
    private final HomeserverConnection connection;
    private final Clock clock;

    public DeviceDirectory(HomeserverConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    public CompletableFuture<VerifiedDevices> byUsername(String username) {
        return connection.call(Methods.GET_DEVICES, GetDevicesParams.byUsername(username))
                .thenApply(result -> checked(result, null, 0));
    }

    /**
     * @param minimumVersion the newest list version seen for this account before (0 if none): an
     *                       older list means the homeserver may be hiding a revocation
     */
    public CompletableFuture<VerifiedDevices> byUserId(String userId, long minimumVersion) {
        return connection.call(Methods.GET_DEVICES, GetDevicesParams.byUserId(userId))
                .thenApply(result -> checked(result, userId, minimumVersion));
    }

    private VerifiedDevices checked(GetDevicesResult result, String expectedUserId, long minimumVersion) {
        try {
            return verify(result, expectedUserId, minimumVersion, clock.instant());
        } catch (IdentityException e) {
            throw new CompletionException(e);
        }
    }

    /** Checks a {@code GetDevices} answer; {@code expectedUserId} null when looked up by name. */
    static VerifiedDevices verify(GetDevicesResult result, String expectedUserId, long minimumVersion, Instant now)
            throws IdentityException {
        byte[] root = result.rootPublicKey();
        String userId = UserIds.fromRootKey(root);
        if (!userId.equals(result.userId()) || expectedUserId != null && !expectedUserId.equals(userId)) {
            throw new IdentityException(IdentityException.Reason.WRONG_USER,
                    "The homeserver sent an identity key that does not belong to this account.");
        }
        DeviceList list = DeviceList.decode(result.deviceList());
        list.verify(root, userId, minimumVersion);
        List<Revocation> revocations = new ArrayList<>();
        Set<String> revoked = new HashSet<>();
        for (byte[] encoded : result.revocations()) {
            Revocation revocation = Revocation.decode(encoded);
            revocation.verify(root, userId);
            revocations.add(revocation);
            revoked.add(revocation.body().deviceId());
        }
        List<DeviceCertificate> devices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] encoded : result.certificates()) {
            DeviceCertificate certificate = DeviceCertificate.decode(encoded);
            if (!list.lists(certificate) || revoked.contains(certificate.body().deviceId())
                    || !seen.add(certificate.body().deviceId())) {
                throw new IdentityException(IdentityException.Reason.UNKNOWN_DEVICE,
                        "The homeserver sent a certificate that is not on the account's device list.");
            }
            try {
                certificate.verifyIssued(root, userId, now);
            } catch (IdentityException e) {
                if (e.reason() != IdentityException.Reason.EXPIRED
                        && e.reason() != IdentityException.Reason.NOT_YET_VALID) {
                    throw e;
                }
                continue; // a device whose certificate ran out is no longer one to talk to
            }
            devices.add(certificate);
        }
        if (seen.size() != list.body().devices().size()) {
            throw new IdentityException(IdentityException.Reason.UNKNOWN_DEVICE,
                    "The homeserver left out the certificate of a device on the account's list.");
        }
        return new VerifiedDevices(userId, result.username(), root, list, devices, revocations);
    }
}
