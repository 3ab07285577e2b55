package chat.mz.server.account;

import chat.mz.crypto.Ed25519;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentityException;
import chat.mz.identity.UserIds;
import chat.mz.protocol.CloseCodes;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.DeviceActivity;
import chat.mz.protocol.account.GetDeviceActivityResult;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.protocol.account.RegisterResult;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.rpc.Dispatcher;
import chat.mz.server.store.AccountRecord;
import chat.mz.server.store.AccountStore;
import chat.mz.server.store.DeviceRecord;
import chat.mz.server.store.StoreExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the account methods. {@code Register}, {@code GetDevices} and {@code GetDeviceActivity} live
 * here; {@code Login} in
 * {@link LoginHandler}; {@code PublishDevice} and {@code RevokeDevice} in {@link DeviceChanges}.
 * Every handler runs on the {@link StoreExecutor}, since each reads or writes the database.
 */
public final class AccountService {
    /** WebSocket close code for a connection whose device was just revoked (application range 4000–4999). */
    public static final int REVOKED_CLOSE_CODE = CloseCodes.DEVICE_REVOKED;
    public static final String REVOKED_CLOSE_REASON = "This device was revoked.";
    static final String REVOKED_MESSAGE = "This device was revoked. Link it again to use it.";

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final AccountStore store;
    private final StoreExecutor executor;
    private final Clock clock;
    private final LiveDevices live = new LiveDevices();
    private final LoginHandler login;
    private final DeviceChanges changes;

    /**
     * @param serverName the name devices sign into their login proofs (known once the server listens)
     */
    public AccountService(AccountStore store, StoreExecutor executor, Clock clock, Supplier<String> serverName) {
        this(store, executor, clock, serverName, (userId, deviceId) -> { });
    }

    /**
     * @param serverName the name devices sign into their login proofs (known once the server listens)
     * @param revoked    told (user id, device id) once a revocation is stored, on the store thread
     */
    public AccountService(AccountStore store, StoreExecutor executor, Clock clock, Supplier<String> serverName,
                          BiConsumer<String, String> revoked) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.login = new LoginHandler(store, executor, clock, serverName, live);
        this.changes = new DeviceChanges(store, clock, live, revoked);
    }

    /** Serves the six account methods through {@code dispatcher}. */
    public void register(Dispatcher dispatcher) {
        dispatcher.register(Methods.REGISTER, (connection, params) -> run(() -> register(params)));
        dispatcher.register(Methods.LOGIN, (connection, params) -> run(() -> login.login(connection, params)));
        dispatcher.register(Methods.GET_DEVICES, (connection, params) -> run(() -> getDevices(params)));
        dispatcher.register(Methods.GET_DEVICE_ACTIVITY, (connection, params) -> run(() ->
                getDeviceActivity(connection)));
        dispatcher.register(Methods.PUBLISH_DEVICE, (connection, params) -> run(() -> changes.publish(connection,
                params)));
        dispatcher.register(Methods.REVOKE_DEVICE, (connection, params) -> run(() -> changes.revoke(connection,
                params)));
    }

    /** Gives the service a way to push to and close a new connection (needed to cut off a revoked device). */
    public void attach(ConnectionContext connection, DeviceChannel channel) {
        LoginState.of(connection).attach(channel);
    }

    /** How many connections are logged in as this device on this node now. */
    public int liveConnections(String userId, String deviceId) {
        return live.count(userId, deviceId);
    }

    RegisterResult register(RegisterParams params) {
        String problem = UserIds.usernameProblem(params.username());
        if (problem != null) {
            throw new RpcException(ErrorCode.USERNAME_INVALID, problem);
        }
        String username = UserIds.normalizeUsername(params.username());
        byte[] root = params.rootPublicKey();
        if (!Ed25519.isValidPublicKey(root)) {
            throw Checks.invalid("The identity key is not a valid Ed25519 public key.");
        }
        String userId = UserIds.fromRootKey(root);
        Instant now = clock.instant();
        DeviceCertificate certificate = Checks.certificate(params.certificate());
        DeviceList list = Checks.deviceList(params.deviceList());
        try {
            certificate.verify(root, userId, now);
            list.verify(root, userId, 0);
        } catch (IdentityException e) {
            throw Checks.invalid(e);
        }
        Checks.usableKeys(certificate);
        if (list.body().version() != 1) {
            throw Checks.invalid("A new account's device list must be version 1, not " + list.body().version() + ".");
        }
        if (list.body().devices().size() != 1 || !list.lists(certificate)) {
            throw Checks.invalid("A new account's device list must name exactly the device that registers it.");
        }
        AccountRecord account = new AccountRecord(userId, username, root, list.encode(), 1, now);
        DeviceRecord device = new DeviceRecord(userId, certificate.body().deviceId(), certificate.encode(), now, null);
        switch (store.create(account, device)) {
            case USERNAME_TAKEN -> throw new RpcException(ErrorCode.USERNAME_TAKEN);
            case ACCOUNT_EXISTS -> throw new RpcException(ErrorCode.USERNAME_TAKEN,
                    "This identity key has an account on this homeserver already.");
            case CREATED -> LOG.info("Account {} registered as \"{}\"", userId, username);
        }
        return new RegisterResult(userId, username);
    }

    GetDevicesResult getDevices(GetDevicesParams params) {
        boolean byId = params.userId() != null;
        if (byId == (params.username() != null)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "Give exactly one of \"user_id\" and \"username\".");
        }
        Optional<AccountRecord> found = byId ? store.find(params.userId())
                : store.findByUsername(UserIds.normalizeUsername(params.username()));
        AccountRecord account = found.orElseThrow(Checks::unknownUser);
        DeviceList list = Checks.storedList(account.deviceList());
        Map<String, byte[]> stored = store.certificates(account.userId());
        List<byte[]> certificates = new ArrayList<>();
        for (DeviceList.Entry entry : list.body().devices()) {
            byte[] certificate = stored.get(entry.deviceId());
            if (certificate == null) {
                throw new IllegalStateException("device " + entry.deviceId() + " is listed but has no certificate");
            }
            certificates.add(certificate);
        }
        return new GetDevicesResult(account.userId(), account.username(), account.rootPublicKey(),
                account.deviceList(), certificates, store.revocations(account.userId()));
    }

    /**
     * When the caller's own devices were last seen, and which are online on this node. Only for a
     * logged-in device of the account: unlike the signed list, this is nobody else's business.
     */
    GetDeviceActivityResult getDeviceActivity(ConnectionContext connection) {
        LoggedInDevice caller = LoginState.require(connection);
        List<DeviceActivity> devices = new ArrayList<>();
        for (DeviceRecord device : store.devices(caller.userId())) {
            Instant lastSeen = device.lastSeenAt();
            devices.add(new DeviceActivity(device.deviceId(), device.addedAt().toEpochMilli(),
                    lastSeen == null ? null : lastSeen.toEpochMilli(),
                    live.count(caller.userId(), device.deviceId()) > 0));
        }
        return new GetDeviceActivityResult(devices);
    }

    private <T> CompletionStage<T> run(Supplier<T> work) {
        return executor.run(work);
    }
}
