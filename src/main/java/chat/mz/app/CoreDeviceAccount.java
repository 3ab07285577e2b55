package chat.mz.app;

import chat.mz.client.identity.DeviceActivityLookup;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Fingerprint;
import chat.mz.identity.IdentityException;
import chat.mz.identity.Revocation;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.ui.devices.DeviceAccount;
import chat.mz.ui.devices.DeviceAccountException;
import chat.mz.ui.devices.DeviceRecord;
import chat.mz.ui.devices.DeviceSeen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Devices section on the real client core: {@link DeviceDirectory} for the checked list,
 * {@link DeviceManager} to revoke, this device's {@link UnlockedIdentity} to sign, and
 * {@link DeviceActivityLookup} for when each device was last seen.
 *
 * <p>It lives with the tests only because the UI layer may not see identity or protocol types
 * (ArchitectureTest); the composition root ({@code chat.mz.app}) should take it over as it is.
 */
public final class CoreDeviceAccount implements DeviceAccount {
    private final DeviceDirectory directory;
    private final DeviceManager manager;
    private final UnlockedIdentity identity;
    private final DeviceActivityLookup activity;
    private final CompletionStage<?> loggedIn;
    /** The newest list version seen: an older one later means the homeserver may be hiding a revocation. */
    private final AtomicLong newestVersion = new AtomicLong();

    /** Without last seen times. */
    public CoreDeviceAccount(DeviceDirectory directory, DeviceManager manager, UnlockedIdentity identity) {
        this(directory, manager, identity, null, null);
    }

    /**
     * @param activity where last seen times come from; null for none
     * @param loggedIn completes once the connection has tried to log in (the times need a login); null
     *                 if it is logged in already
     */
    public CoreDeviceAccount(DeviceDirectory directory, DeviceManager manager, UnlockedIdentity identity,
                             DeviceActivityLookup activity, CompletionStage<?> loggedIn) {
        this.directory = directory;
        this.manager = manager;
        this.identity = identity;
        this.activity = activity;
        this.loggedIn = loggedIn != null ? loggedIn : CompletableFuture.completedFuture(null);
    }

    @Override
    public String thisDeviceId() {
        return identity.deviceId();
    }

    @Override
    public boolean canRevoke() {
        return identity.holdsRootKey();
    }

    @Override
    public CompletionStage<List<DeviceRecord>> devices() {
        return directory.byUserId(identity.userId(), newestVersion.get())
                .thenApply(verified -> {
                    newestVersion.accumulateAndGet(verified.deviceList().body().version(), Math::max);
                    return records(verified);
                })
                .exceptionally(failure -> {
                    throw translated(failure);
                });
    }

    @Override
    public CompletionStage<Map<String, DeviceSeen>> activity() {
        if (activity == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return loggedIn.thenCompose(ignored -> activity.devices()).thenApply(found -> {
            Map<String, DeviceSeen> byId = new LinkedHashMap<>();
            found.forEach((id, seen) -> byId.put(id, new DeviceSeen(id, seen.lastSeenAt(), seen.online())));
            return byId;
        });
    }

    @Override
    public CompletionStage<Void> revoke(String deviceId) {
        if (deviceId.equals(identity.deviceId())) {
            return CompletableFuture.failedFuture(new DeviceAccountException(DeviceAccountException.Problem.REFUSED,
                    "A device cannot revoke itself.", null));
        }
        return revokeOnce(deviceId).handle((done, failure) -> {
            // another change landed in between: the list is fetched afresh, so one more try is safe
            if (failure != null && cause(failure) instanceof RpcException rpc
                    && rpc.is(ErrorCode.DEVICE_LIST_CONFLICT)) {
                return revokeOnce(deviceId);
            }
            return failure == null ? CompletableFuture.<Void>completedFuture(null)
                    : CompletableFuture.<Void>failedFuture(failure);
        }).thenCompose(Function.identity()).exceptionally(failure -> {
            throw translated(failure);
        });
    }

    private CompletableFuture<Void> revokeOnce(String deviceId) {
        return manager.revoke(identity, deviceId, null).thenAccept(result ->
                newestVersion.accumulateAndGet(result.deviceListVersion(), Math::max));
    }

    static List<DeviceRecord> records(VerifiedDevices verified) {
        Map<String, DeviceCertificate> valid = verified.devices().stream()
                .collect(Collectors.toMap(c -> c.body().deviceId(), Function.identity()));
        List<DeviceRecord> records = new ArrayList<>();
        for (DeviceList.Entry entry : verified.deviceList().body().devices()) {
            DeviceCertificate certificate = valid.get(entry.deviceId());
            if (certificate == null) {
                records.add(DeviceRecord.expired(entry.deviceId()));
                continue;
            }
            DeviceCertificate.Body body = certificate.body();
            records.add(DeviceRecord.listed(body.deviceId(), body.deviceName(), body.platform(),
                    Fingerprint.ofKey(body.signingKey()), body.issuedAt(), certificate.deviceSignature() != null));
        }
        for (Revocation revocation : verified.revocations()) {
            Revocation.Body body = revocation.body();
            records.add(DeviceRecord.revoked(body.deviceId(), body.revokedAt(), body.reason()));
        }
        return records;
    }

    private static DeviceAccountException translated(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof DeviceAccountException already) {
            return already;
        }
        if (cause instanceof IdentityException) {
            return new DeviceAccountException(DeviceAccountException.Problem.NOT_VERIFIED, cause.getMessage(), cause);
        }
        if (cause instanceof RpcException) {
            return new DeviceAccountException(DeviceAccountException.Problem.REFUSED, cause.getMessage(), cause);
        }
        return new DeviceAccountException(DeviceAccountException.Problem.UNREACHABLE,
                cause.getMessage() != null ? cause.getMessage() : "the homeserver could not be reached", cause);
    }

    private static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
