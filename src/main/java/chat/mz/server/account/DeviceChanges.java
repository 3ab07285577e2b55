package chat.mz.server.account;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentityException;
import chat.mz.identity.Revocation;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.DeviceListResult;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RevokeDeviceParams;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.store.AccountRecord;
import chat.mz.server.store.AccountStore;
import chat.mz.server.store.DeviceRecord;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PublishDevice} and {@code RevokeDevice}. K_id's signatures are what authorize a change;
 * the caller only has to be logged in as a device of the account, so strangers cannot make the
 * server do work. The new list must be exactly the current one plus the new device, or minus the
 * revoked one: no device is dropped or slipped in on the side. The list version moves by exactly
 * one, compared and swapped in the database, so of two racing changes one wins and the other hears
 * {@link ErrorCode#DEVICE_LIST_CONFLICT}.
 */
final class DeviceChanges {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceChanges.class);

    private final AccountStore store;
    private final Clock clock;
    private final LiveDevices live;

    private final BiConsumer<String, String> revoked;

    /** @param revoked told (user id, device id) once a revocation is stored, so other features drop what they keep for it */
    DeviceChanges(AccountStore store, Clock clock, LiveDevices live, BiConsumer<String, String> revoked) {
        this.revoked = revoked;
        this.store = store;
        this.clock = clock;
        this.live = live;
    }

    DeviceListResult publish(ConnectionContext connection, PublishDeviceParams params) {
        LoggedInDevice caller = LoginState.require(connection);
        AccountRecord account = store.find(caller.userId()).orElseThrow(Checks::unknownUser);
        Instant now = clock.instant();
        DeviceCertificate certificate = Checks.certificate(params.certificate());
        DeviceList next = Checks.deviceList(params.deviceList());
        try {
            certificate.verifyIssued(account.rootPublicKey(), account.userId(), now);
            next.verify(account.rootPublicKey(), account.userId(), 0);
        } catch (IdentityException e) {
            throw Checks.invalid(e);
        }
        Checks.usableKeys(certificate);
        String deviceId = certificate.body().deviceId();
        if (store.isRevoked(account.userId(), deviceId)) {
            throw new RpcException(ErrorCode.DEVICE_REVOKED,
                    "That device was revoked; a device that comes back is linked again under a new id.");
        }
        DeviceList current = Checks.storedList(account.deviceList());
        if (current.entry(deviceId).isPresent()) {
            throw Checks.invalid("That device is on the account's device list already.");
        }
        requireNextVersion(account, next);
        Map<String, String> expected = new TreeMap<>(Checks.entries(current));
        expected.put(deviceId, Checks.fingerprint(DeviceList.Entry.of(certificate)));
        if (!expected.equals(Checks.entries(next))) {
            throw Checks.invalid("The new device list must keep every current device and add only the new one.");
        }
        DeviceRecord device = new DeviceRecord(account.userId(), deviceId, certificate.encode(), now, null);
        if (!store.addDevice(account.userId(), account.deviceListVersion(), next.encode(), next.body().version(),
                device)) {
            throw conflict(account);
        }
        LOG.info("Device {} added to account {} (device list version {})", deviceId, account.userId(),
                next.body().version());
        return new DeviceListResult(next.body().version());
    }

    DeviceListResult revoke(ConnectionContext connection, RevokeDeviceParams params) {
        LoggedInDevice caller = LoginState.require(connection);
        AccountRecord account = store.find(caller.userId()).orElseThrow(Checks::unknownUser);
        Revocation revocation = Checks.revocation(params.revocation());
        DeviceList next = Checks.deviceList(params.deviceList());
        try {
            revocation.verify(account.rootPublicKey(), account.userId());
            next.verify(account.rootPublicKey(), account.userId(), 0);
        } catch (IdentityException e) {
            throw Checks.invalid(e);
        }
        String deviceId = revocation.body().deviceId();
        if (deviceId.equals(caller.deviceId())) {
            throw new RpcException(ErrorCode.CANNOT_REVOKE_SELF);
        }
        if (store.isRevoked(account.userId(), deviceId)) {
            throw new RpcException(ErrorCode.DEVICE_REVOKED, "That device was revoked already.");
        }
        DeviceList current = Checks.storedList(account.deviceList());
        if (current.entry(deviceId).isEmpty()) {
            throw Checks.invalid("That device is not on the account's device list.");
        }
        requireNextVersion(account, next);
        Map<String, String> expected = new TreeMap<>(Checks.entries(current));
        expected.remove(deviceId);
        if (!expected.equals(Checks.entries(next))) {
            throw Checks.invalid("The new device list must keep every other device and drop only the revoked one.");
        }
        Instant now = clock.instant();
        if (!store.revokeDevice(account.userId(), account.deviceListVersion(), next.encode(), next.body().version(),
                deviceId, revocation.encode(), now)) {
            throw conflict(account);
        }
        LOG.info("Device {} of account {} revoked (device list version {})", deviceId, account.userId(),
                next.body().version());
        // stored first, then cut off: a login racing with this sees the revocation one way or the other
        live.revoke(account.userId(), deviceId, revocation.body().reason());
        revoked.accept(account.userId(), deviceId);
        return new DeviceListResult(next.body().version());
    }

    private static void requireNextVersion(AccountRecord account, DeviceList next) {
        if (next.body().version() != account.deviceListVersion() + 1) {
            throw conflict(account);
        }
    }

    private static RpcException conflict(AccountRecord account) {
        return new RpcException(ErrorCode.DEVICE_LIST_CONFLICT, "The device list changed meanwhile (it is at "
                + "version " + account.deviceListVersion() + " or later, and a change must bring exactly the "
                + "next version). Fetch it and try again.");
    }
}
