package chat.mz.client.identity;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.crypto.Argon2Params;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.LiveConnections;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real homeserver (H2 file in a test folder) and real client connections, plus the client-core
 * pieces a device uses, with cheap Argon2 where its cost is not what a test is about.
 */
final class ClientWorld implements AutoCloseable {
    /** The smallest Argon2 the keystore accepts: sealing is still real, only cheap. */
    static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);

    final ExecutorService worker = Executors.newSingleThreadExecutor();
    final SecureRandom random = new SecureRandom();
    private final Path serverData;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Homeserver server;

    ClientWorld(Path serverData) {
        this.serverData = serverData;
        start(0);
    }

    void start(int port) {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", port).withDataDir(serverData),
                "test");
    }

    Homeserver server() {
        return server;
    }

    /** Stops the homeserver and starts it again on the same port and data folder. */
    void restart() {
        int port = server.port();
        server.close();
        start(port);
    }

    /** A device's connection, with its hello tracker made before it starts. */
    record Device(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        DeviceLogin login() {
            return new DeviceLogin(connection, hellos);
        }

        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }

    Device connect() throws InterruptedException {
        Device device = LiveConnections.open(server.uri(),
                connection -> new Device(connection, new ServerHelloTracker(connection)));
        opened.add(device);
        return device;
    }

    AccountCreator creator(Path clientData) {
        return new AccountCreator(new LocalIdentity(clientData), CHEAP, random, Clock.systemUTC(), worker);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
        server.close();
        worker.shutdownNow();
    }
}
