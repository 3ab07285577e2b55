package chat.mz.protocol;

import chat.mz.protocol.account.DeviceListResult;
import chat.mz.protocol.account.DeviceRevoked;
import chat.mz.protocol.account.GetDeviceActivityParams;
import chat.mz.protocol.account.GetDeviceActivityResult;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.account.LoginResult;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.protocol.account.RegisterResult;
import chat.mz.protocol.account.RevokeDeviceParams;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every method and notification of the wire protocol, with the names the design documents use. */
public final class Methods {
    public static final RpcMethod<SyncMailboxParams, SyncMailboxResult> SYNC_MAILBOX =
            new RpcMethod<>("SyncMailbox", SyncMailboxParams.class, SyncMailboxResult.class);

    public static final RpcMethod<RegisterParams, RegisterResult> REGISTER =
            new RpcMethod<>("Register", RegisterParams.class, RegisterResult.class);
    public static final RpcMethod<LoginParams, LoginResult> LOGIN =
            new RpcMethod<>("Login", LoginParams.class, LoginResult.class);
    public static final RpcMethod<GetDevicesParams, GetDevicesResult> GET_DEVICES =
            new RpcMethod<>("GetDevices", GetDevicesParams.class, GetDevicesResult.class);
    public static final RpcMethod<GetDeviceActivityParams, GetDeviceActivityResult> GET_DEVICE_ACTIVITY =
            new RpcMethod<>("GetDeviceActivity", GetDeviceActivityParams.class, GetDeviceActivityResult.class);
    public static final RpcMethod<PublishDeviceParams, DeviceListResult> PUBLISH_DEVICE =
            new RpcMethod<>("PublishDevice", PublishDeviceParams.class, DeviceListResult.class);
    public static final RpcMethod<RevokeDeviceParams, DeviceListResult> REVOKE_DEVICE =
            new RpcMethod<>("RevokeDevice", RevokeDeviceParams.class, DeviceListResult.class);

    public static final NotificationType<ServerHello> SERVER_HELLO =
            new NotificationType<>("ServerHello", ServerHello.class);
    public static final NotificationType<DeviceRevoked> DEVICE_REVOKED =
            new NotificationType<>("DeviceRevoked", DeviceRevoked.class);

    public static final List<RpcMethod<?, ?>> ALL_METHODS =
            List.of(SYNC_MAILBOX, REGISTER, LOGIN, GET_DEVICES, GET_DEVICE_ACTIVITY, PUBLISH_DEVICE,
                    REVOKE_DEVICE);
    public static final List<NotificationType<?>> ALL_NOTIFICATIONS = List.of(SERVER_HELLO, DEVICE_REVOKED);

    private static final Map<String, RpcMethod<?, ?>> METHODS_BY_NAME =
            ALL_METHODS.stream().collect(Collectors.toUnmodifiableMap(RpcMethod::name, Function.identity()));

    private Methods() {
    }

    public static Optional<RpcMethod<?, ?>> method(String name) {
        return Optional.ofNullable(METHODS_BY_NAME.get(name));
    }
}
