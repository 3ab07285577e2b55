package chat.mz.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a homeserver listens and the limits it enforces.
 *
 * @param host                     address to bind, 127.0.0.1 unless the server should be reachable
 * @param port                     TCP port; 0 picks a free one
 * @param maxFrameBytes            largest WebSocket message accepted; a larger one closes the connection (1009)
 * @param mailboxTtl               how long a link session lives from its creation
 * @param mailboxWait              how long a waiting SyncMailbox call is held before "no data yet"
 * @param maxSessionsPerConnection link sessions one connection may have open at once
 * @param maxWaitsPerConnection    waiting SyncMailbox calls one connection may have at once
 * @param maxMailboxSessions       link sessions the whole server holds at once
 * @param maxMailboxBytes          payload bytes the whole server holds in mailboxes at once
 * @param publicName               the name devices sign into their login proofs, e.g.
 *                                 {@code chat.example.org}; null means host:port as bound
 * @param dataDir                  folder of the server's database file ({@code homeserver.mv.db});
 *                                 null keeps the state in memory only, gone when the server stops
 */
public record ServerConfig(
        String host,
        int port,
        int maxFrameBytes,
        Duration mailboxTtl,
        Duration mailboxWait,
        int maxSessionsPerConnection,
        int maxWaitsPerConnection,
        int maxMailboxSessions,
        long maxMailboxBytes,
        String publicName,
        Path dataDir) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8750;
    /**
     * Room for a room key replacement in a group of 1,000 members with two devices each (about
     * 730 bytes per device) in one frame, twice over (docs/decisions/0012).
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
    public static final Duration MAX_MAILBOX_WAIT = Duration.ofSeconds(30);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (mailboxWait.isNegative() || mailboxWait.compareTo(MAX_MAILBOX_WAIT) > 0) {
            throw new IllegalArgumentException("the mailbox wait must be between 0 and 30 seconds");
        }
        if (maxSessionsPerConnection < 1 || maxWaitsPerConnection < 1 || maxMailboxSessions < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_FRAME_BYTES, Duration.ofMinutes(5),
                Duration.ofSeconds(25), 16, 16, 100_000, 256L * 1024 * 1024, null, null);
    }

    public ServerConfig withAddress(String newHost, int newPort) {
        return new ServerConfig(newHost, newPort, maxFrameBytes, mailboxTtl, mailboxWait, maxSessionsPerConnection,
                maxWaitsPerConnection, maxMailboxSessions, maxMailboxBytes, publicName, dataDir);
    }

    public ServerConfig withMailboxWait(Duration wait) {
        return new ServerConfig(host, port, maxFrameBytes, mailboxTtl, wait, maxSessionsPerConnection,
                maxWaitsPerConnection, maxMailboxSessions, maxMailboxBytes, publicName, dataDir);
    }

    public ServerConfig withConnectionLimits(int sessions, int waits) {
        return new ServerConfig(host, port, maxFrameBytes, mailboxTtl, mailboxWait, sessions, waits,
                maxMailboxSessions, maxMailboxBytes, publicName, dataDir);
    }

    public ServerConfig withPublicName(String name) {
        return new ServerConfig(host, port, maxFrameBytes, mailboxTtl, mailboxWait, maxSessionsPerConnection,
                maxWaitsPerConnection, maxMailboxSessions, maxMailboxBytes, name, dataDir);
    }

    /** Keeps the server's database in {@code dir}; null keeps it in memory. */
    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(host, port, maxFrameBytes, mailboxTtl, mailboxWait, maxSessionsPerConnection,
                maxWaitsPerConnection, maxMailboxSessions, maxMailboxBytes, publicName, dir);
    }
}
