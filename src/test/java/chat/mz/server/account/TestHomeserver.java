package chat.mz.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.identity.LoginProof;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMethod;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.account.LoginResult;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.FakeClock;
import chat.mz.testing.LiveConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real homeserver on loopback with its H2 file in a test's folder and a clock the test moves,
 * plus real client connections to it.
 */
final class TestHomeserver implements AutoCloseable {
    final FakeClock clock = new FakeClock();
    private final Path dataDir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Homeserver server;

    TestHomeserver(Path dataDir) {
        this.dataDir = dataDir;
        start(0);
    }

    /** Starts (again) on {@code port}, 0 for any; the data folder stays the same. */
    void start(int port) {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-timers");
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", port).withDataDir(dataDir),
                clock, scheduler, scheduler::close, "test");
    }

    Homeserver server() {
        return server;
    }

    void stop() {
        server.close();
    }

    /** A connected client, with the hello of its socket tracked. */
    Client connect() throws InterruptedException {
        Client client = LiveConnections.open(server.uri(),
                connection -> new Client(connection, new ServerHelloTracker(connection)));
        opened.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
        server.close();
    }

    /** A client connection and the hellos of its sockets. */
    record Client(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        <P, R> R call(RpcMethod<P, R> method, P params) throws InterruptedException {
            return LiveConnections.await(connection.call(method, params));
        }

        /** The error the call fails with; fails the test if it succeeds. */
        <P> RpcException refused(RpcMethod<P, ?> method, P params, ErrorCode expected) throws InterruptedException {
            CompletableFuture<?> call = connection.call(method, params);
            RpcException e = assertInstanceOf(RpcException.class, LiveConnections.failure(call, Duration.ofSeconds(10)));
            assertEquals(expected.code(), e.error().code(), e.getMessage());
            return e;
        }

        ServerHello hello() throws InterruptedException {
            return LiveConnections.await(hellos.current()).hello();
        }

        LoginParams loginParams(String userId, TestIdentities.Device device) throws InterruptedException {
            ServerHello hello = hello();
            return new LoginParams(userId, device.id(), device.certificate().encode(),
                    LoginProof.sign(device.keys().privateKey(), hello.serverName(), hello.loginNonce(), userId,
                            device.id()));
        }

        LoginResult login(String userId, TestIdentities.Device device) throws InterruptedException {
            return call(Methods.LOGIN, loginParams(userId, device));
        }

        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }
}
