package chat.mz.protocol;

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

    public static final NotificationType<ServerHello> SERVER_HELLO =
            new NotificationType<>("ServerHello", ServerHello.class);

    public static final List<RpcMethod<?, ?>> ALL_METHODS = List.of(SYNC_MAILBOX);
    public static final List<NotificationType<?>> ALL_NOTIFICATIONS = List.of(SERVER_HELLO);

    private static final Map<String, RpcMethod<?, ?>> METHODS_BY_NAME =
            ALL_METHODS.stream().collect(Collectors.toUnmodifiableMap(RpcMethod::name, Function.identity()));

    private Methods() {
    }

    public static Optional<RpcMethod<?, ?>> method(String name) {
        return Optional.ofNullable(METHODS_BY_NAME.get(name));
    }
}
