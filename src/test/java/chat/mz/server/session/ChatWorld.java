package chat.mz.server.session;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionIds;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A real homeserver on loopback with its H2 file in a given folder, accounts registered on it the
 * way clients do, and client connections logged in as their devices.
 */
public final class ChatWorld implements AutoCloseable {
    private final Path dataDir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Homeserver server;
    private boolean stopped;

    public ChatWorld(Path dataDir) {
        this(dataDir, Clock.systemUTC());
    }

    /** A homeserver that tells the time by {@code clock}; its timers still run in real time. */
    public ChatWorld(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
        start(0);
    }

    private void start(int port) {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-timers");
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", port).withDataDir(dataDir),
                clock, scheduler, scheduler::close, "test");
    }

    public Homeserver server() {
        return server;
    }

    /** Stops the homeserver and starts it again on the same port and data folder. */
    public void restart() {
        int port = server.port();
        server.close();
        start(port);
    }

    /** Stops the homeserver for good, so a test can open its database file. */
    public void stop() {
        for (AutoCloseable each : opened) {
            try {
                each.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        opened.clear();
        server.close();
        stopped = true;
    }

    /** Registers a new account with one device. */
    public ChatUser register(String username) throws InterruptedException {
        ChatUser user = ChatUser.create(username, random);
        try (ChatClient anonymous = ChatClient.connect(server.uri())) {
            anonymous.call(Methods.REGISTER, user.registerParams());
        }
        return user;
    }

    /** Links one more device to {@code user} (published from its first device); answers its index. */
    public int addDevice(ChatUser user) throws InterruptedException {
        try (ChatClient first = ChatClient.connect(server.uri()).login(user, user.device(0))) {
            first.call(Methods.PUBLISH_DEVICE, user.addDevice());
        }
        return user.deviceCount() - 1;
    }

    /** A connection logged in as device {@code index} of {@code user}, closed with the world. */
    public ChatClient login(ChatUser user, int index) throws InterruptedException {
        ChatClient client = ChatClient.connect(server.uri());
        opened.add(client);
        return client.login(user, user.device(index));
    }

    /** A connection that is not logged in, closed with the world. */
    public ChatClient anonymous() throws InterruptedException {
        ChatClient client = ChatClient.connect(server.uri());
        opened.add(client);
        return client;
    }

    /** A fresh message id. */
    public String messageId() {
        return SessionIds.random(random);
    }

    @Override
    public void close() throws Exception {
        if (stopped) {
            return;
        }
        for (AutoCloseable each : opened) {
            each.close();
        }
        server.close();
    }
}
