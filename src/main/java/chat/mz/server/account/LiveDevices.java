package chat.mz.server.account;

import chat.mz.protocol.Methods;
import chat.mz.protocol.account.DeviceRevoked;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logged-in connections of each device on this server node, so a revocation can reach them at
 * once. It holds only live connections, never state that must survive: with several server nodes, a
 * revocation on one node would be published to the others (the pub/sub channel of DESIGN.md,
 * "Storage") and each would call {@link #revoke} for its own connections.
 */
final class LiveDevices {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDevices.class);

    private record Key(String userId, String deviceId) {
    }

    private final Map<Key, Set<LoginState>> connections = new ConcurrentHashMap<>();

    void add(LoggedInDevice who, LoginState connection) {
        connections.computeIfAbsent(new Key(who.userId(), who.deviceId()), k -> ConcurrentHashMap.newKeySet())
                .add(connection);
    }

    void remove(LoggedInDevice who, LoginState connection) {
        connections.computeIfPresent(new Key(who.userId(), who.deviceId()), (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Connections now logged in as this device. */
    int count(String userId, String deviceId) {
        Set<LoginState> set = connections.get(new Key(userId, deviceId));
        return set == null ? 0 : set.size();
    }

    /**
     * Marks every connection of the device revoked (its next call is refused), tells it, and closes it.
     */
    void revoke(String userId, String deviceId, String reason) {
        Set<LoginState> set = connections.remove(new Key(userId, deviceId));
        if (set == null) {
            return;
        }
        List<LoginState> revoked = List.copyOf(set);
        LOG.info("Closing {} connection(s) of revoked device {} of account {}", revoked.size(), deviceId, userId);
        for (LoginState connection : revoked) {
            connection.markRevoked();
            connection.channel().ifPresent(channel -> {
                channel.notify(Methods.DEVICE_REVOKED, new DeviceRevoked(deviceId, reason));
                channel.close(AccountService.REVOKED_CLOSE_CODE, AccountService.REVOKED_CLOSE_REASON);
            });
        }
    }
}
