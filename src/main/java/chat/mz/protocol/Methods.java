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
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.ListSessionsParams;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.RenameSessionParams;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.SessionActionResult;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionList;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionSettingsParams;
import chat.mz.protocol.session.SessionUserParams;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SendSyncEventResult;
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

    // conversations: the group-chat design's names, in its snake_case style
    public static final RpcMethod<NewSessionRequest, SessionInfo> NEW_SESSION =
            new RpcMethod<>("new_session", NewSessionRequest.class, SessionInfo.class);
    public static final RpcMethod<SessionRef, SessionInfo> GET_SESSION =
            new RpcMethod<>("get_session", SessionRef.class, SessionInfo.class);
    public static final RpcMethod<ListSessionsParams, SessionList> LIST_SESSIONS =
            new RpcMethod<>("list_sessions", ListSessionsParams.class, SessionList.class);
    public static final RpcMethod<SendMessageParams, SendMessageResult> SEND_MESSAGE =
            new RpcMethod<>("send_message", SendMessageParams.class, SendMessageResult.class);
    public static final RpcMethod<FetchEventsParams, FetchEventsResult> FETCH_EVENTS =
            new RpcMethod<>("fetch_events", FetchEventsParams.class, FetchEventsResult.class);
    public static final RpcMethod<SessionRef, SessionActionResult> JOIN_SESSION =
            new RpcMethod<>("join_session", SessionRef.class, SessionActionResult.class);
    public static final RpcMethod<SessionUserParams, SessionActionResult> ALLOW_USER_JOIN_SESSION =
            new RpcMethod<>("allow_user_join_session", SessionUserParams.class, SessionActionResult.class);
    public static final RpcMethod<SessionUserParams, SessionActionResult> DENY_USER_JOIN_SESSION =
            new RpcMethod<>("deny_user_join_session", SessionUserParams.class, SessionActionResult.class);
    public static final RpcMethod<SessionUserParams, SessionActionResult> INVITE_USER_TO_SESSION =
            new RpcMethod<>("invite_user_to_session", SessionUserParams.class, SessionActionResult.class);
    public static final RpcMethod<SessionRef, SessionInfo> ACCEPT_JOIN_SESSION_APPROVAL =
            new RpcMethod<>("accept_join_session_approval", SessionRef.class, SessionInfo.class);
    public static final RpcMethod<SessionRef, SessionActionResult> DECLINE_SESSION_INVITATION =
            new RpcMethod<>("decline_session_invitation", SessionRef.class, SessionActionResult.class);
    public static final RpcMethod<SessionRef, SessionActionResult> LEAVE_SESSION =
            new RpcMethod<>("leave_session", SessionRef.class, SessionActionResult.class);
    public static final RpcMethod<SessionUserParams, SessionActionResult> REMOVE_USER_FROM_SESSION =
            new RpcMethod<>("remove_user_from_session", SessionUserParams.class, SessionActionResult.class);
    public static final RpcMethod<RenameSessionParams, SessionActionResult> RENAME_SESSION =
            new RpcMethod<>("rename_session", RenameSessionParams.class, SessionActionResult.class);
    public static final RpcMethod<SendRoomKeyParams, SendRoomKeyResult> SEND_ROOM_KEY =
            new RpcMethod<>("send_room_key", SendRoomKeyParams.class, SendRoomKeyResult.class);
    public static final RpcMethod<SessionRef, SessionActionResult> E2EEIZE_SESSION =
            new RpcMethod<>("e2eeize_session", SessionRef.class, SessionActionResult.class);
    public static final RpcMethod<SessionRef, SessionActionResult> DEE2EEIZE_SESSION =
            new RpcMethod<>("dee2eeize_session", SessionRef.class, SessionActionResult.class);
    public static final RpcMethod<SessionSettingsParams, SessionActionResult> UPDATE_SESSION_SETTINGS =
            new RpcMethod<>("update_session_settings", SessionSettingsParams.class, SessionActionResult.class);
    public static final RpcMethod<SendSyncEventParams, SendSyncEventResult> SEND_SYNC_EVENT =
            new RpcMethod<>("send_sync_event", SendSyncEventParams.class, SendSyncEventResult.class);

    public static final NotificationType<ServerHello> SERVER_HELLO =
            new NotificationType<>("ServerHello", ServerHello.class);
    public static final NotificationType<DeviceRevoked> DEVICE_REVOKED =
            new NotificationType<>("DeviceRevoked", DeviceRevoked.class);

    public static final List<RpcMethod<?, ?>> ALL_METHODS =
            List.of(SYNC_MAILBOX, REGISTER, LOGIN, GET_DEVICES, GET_DEVICE_ACTIVITY, PUBLISH_DEVICE,
                    REVOKE_DEVICE, NEW_SESSION, GET_SESSION, LIST_SESSIONS, SEND_MESSAGE, FETCH_EVENTS, JOIN_SESSION,
                    ALLOW_USER_JOIN_SESSION, DENY_USER_JOIN_SESSION, INVITE_USER_TO_SESSION,
                    ACCEPT_JOIN_SESSION_APPROVAL, DECLINE_SESSION_INVITATION, LEAVE_SESSION,
                    REMOVE_USER_FROM_SESSION, RENAME_SESSION, SEND_ROOM_KEY, E2EEIZE_SESSION, DEE2EEIZE_SESSION,
                    UPDATE_SESSION_SETTINGS, SEND_SYNC_EVENT);
    public static final List<NotificationType<?>> ALL_NOTIFICATIONS = List.of(SERVER_HELLO, DEVICE_REVOKED);

    private static final Map<String, RpcMethod<?, ?>> METHODS_BY_NAME =
            ALL_METHODS.stream().collect(Collectors.toUnmodifiableMap(RpcMethod::name, Function.identity()));

    private Methods() {
    }

    public static Optional<RpcMethod<?, ?>> method(String name) {
        return Optional.ofNullable(METHODS_BY_NAME.get(name));
    }
}
