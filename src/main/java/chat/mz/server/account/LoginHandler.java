package chat.mz.server.account;

import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentityException;
import chat.mz.identity.LoginProof;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.account.LoginResult;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.store.AccountRecord;
import chat.mz.server.store.AccountStore;
import chat.mz.server.store.StoreExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Login}: the device proves it holds the key its certificate names by signing this
 * connection's challenge, and the certificate proves K_id vouches for the device. Checks run from
 * the cheapest refusal to the signature; nothing about the connection changes until all pass.
 */
final class LoginHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);

    private final AccountStore store;
    private final StoreExecutor executor;
    private final Clock clock;
    private final Supplier<String> serverName;
    private final LiveDevices live;

    LoginHandler(AccountStore store, StoreExecutor executor, Clock clock, Supplier<String> serverName,
                 LiveDevices live) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.serverName = serverName;
        this.live = live;
    }

    LoginResult login(ConnectionContext connection, LoginParams params) {
        LoginState state = LoginState.of(connection);
        state.device().ifPresent(current -> {
            throw alreadyLoggedIn(current);
        });
        AccountRecord account = store.find(params.userId()).orElseThrow(Checks::unknownUser);
        DeviceCertificate certificate = Checks.certificate(params.certificate());
        if (!certificate.body().deviceId().equals(params.deviceId())) {
            throw Checks.invalid("The certificate is for another device.");
        }
        if (store.isRevoked(account.userId(), params.deviceId())) {
            throw new RpcException(ErrorCode.DEVICE_REVOKED, AccountService.REVOKED_MESSAGE);
        }
        Instant now = clock.instant();
        try {
            certificate.verify(account.rootPublicKey(), account.userId(), now);
        } catch (IdentityException e) {
            throw Checks.invalid(e);
        }
        DeviceList list = Checks.storedList(account.deviceList());
        if (!list.lists(certificate)) {
            throw new RpcException(ErrorCode.LOGIN_FAILED,
                    "This certificate is not on the account's device list. Link the device again.");
        }
        if (!LoginProof.verify(certificate.body().signingKey(), params.signature(), serverName.get(),
                connection.challenge(), account.userId(), params.deviceId())) {
            throw new RpcException(ErrorCode.LOGIN_FAILED, "The login signature does not check out: it was not "
                    + "made by this device for this connection of " + serverName.get() + ".");
        }

        LoggedInDevice who = new LoggedInDevice(account.userId(), account.username(), params.deviceId());
        if (!state.logIn(who)) {
            throw alreadyLoggedIn(state.device().orElse(who));
        }
        live.add(who, state);
        connection.onClose(() -> disconnected(who, state));
        // A revocation that landed after the check above but before live.add could not reach this
        // connection; looking again now closes that gap (the revoker stores first, then closes).
        if (store.isRevoked(account.userId(), params.deviceId())) {
            state.markRevoked();
            live.remove(who, state);
            throw new RpcException(ErrorCode.DEVICE_REVOKED, AccountService.REVOKED_MESSAGE);
        }
        store.recordLogin(account.userId(), params.deviceId(), certificate.encode(), now);
        LOG.debug("Connection {} logged in as device {} of account {}", connection.id(), who.deviceId(), who.userId());
        return new LoginResult(who.userId(), who.username(), who.deviceId(), list.body().version());
    }

    /**
     * The connection closed: the device was last seen now. Stored before the connection leaves the
     * live set, so whoever sees the device offline also sees the new time. A failing database must not
     * break the rest of the clean-up: "last seen" is only shown, never relied on.
     */
    private void disconnected(LoggedInDevice who, LoginState state) {
        Instant at = clock.instant();
        // on the store thread, as every write must be (StoreExecutor)
        executor.run(() -> {
            store.recordSeen(who.userId(), who.deviceId(), at);
            return null;
        }).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("Could not record when device {} of account {} was last seen: {}", who.deviceId(),
                        who.userId(), failure.toString());
            }
            live.remove(who, state);
        });
    }

    private static RpcException alreadyLoggedIn(LoggedInDevice current) {
        return new RpcException(ErrorCode.LOGIN_FAILED, "This connection is logged in already (as device "
                + current.deviceId() + "). Open a new connection to log in again.");
    }
}
