package chat.mz.server.account;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.server.rpc.ConnectionContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's login: nobody yet, a device of an account, or a device that has since been
 * revoked. A connection logs in once; the device it logged in as stays until the connection closes
 * (see docs/PROTOCOL.md, "Login"). Other features call {@link #require} to learn who is calling.
 */
public final class LoginState {
    private final AtomicReference<LoggedInDevice> device = new AtomicReference<>();
    private volatile boolean revoked;
    private volatile DeviceChannel channel;

    /** This connection's login state, made on first use. */
    public static LoginState of(ConnectionContext connection) {
        return connection.state(LoginState.class, LoginState::new);
    }

    /** The logged-in device, if any; empty too once it has been revoked. */
    public static Optional<LoggedInDevice> current(ConnectionContext connection) {
        LoginState state = of(connection);
        return state.revoked ? Optional.empty() : Optional.ofNullable(state.device.get());
    }

    /**
     * The logged-in device.
     *
     * @throws RpcException {@link ErrorCode#NOT_LOGGED_IN}, or {@link ErrorCode#DEVICE_REVOKED} once
     *                      the device has been revoked
     */
    public static LoggedInDevice require(ConnectionContext connection) {
        LoginState state = of(connection);
        LoggedInDevice who = state.device.get();
        if (who == null) {
            throw new RpcException(ErrorCode.NOT_LOGGED_IN);
        }
        if (state.revoked) {
            throw new RpcException(ErrorCode.DEVICE_REVOKED, AccountService.REVOKED_MESSAGE);
        }
        return who;
    }

    Optional<LoggedInDevice> device() {
        return Optional.ofNullable(device.get());
    }

    /** Claims the connection for {@code who}; false if it is logged in already (or a racing login won). */
    boolean logIn(LoggedInDevice who) {
        return device.compareAndSet(null, who);
    }

    void markRevoked() {
        revoked = true;
    }

    void attach(DeviceChannel channel) {
        this.channel = channel;
    }

    /** Empty for connections made without one (tests calling handlers directly). */
    Optional<DeviceChannel> channel() {
        return Optional.ofNullable(channel);
    }
}
