package chat.mz.client.pairing;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.LiveConnections;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A homeserver on loopback (optionally behind a {@link MailboxRelay}), real connections, and
 * linking flows wired to them, for one test. Devices share one RSA key pair made once per test run,
 * since making one takes half a second; each gets its own Ed25519 key.
 */
final class LinkHarness implements AutoCloseable {
    /** Long enough for any flow in these tests, short enough to fail fast. */
    static final Duration PATIENCE = Duration.ofSeconds(15);
    /** Short waits, so the tests also go round the "no data yet, call again" loop. */
    static final Duration MAILBOX_WAIT = Duration.ofSeconds(1);

    private static final class SharedRsa {
        static final RsaKeyPair KEYS = RsaOaep.generate(new SecureRandom());
    }

    final Homeserver server;
    final MailboxRelay relay;
    final Clock clock;
    final SecureRandom random = new SecureRandom();
    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "link-test");
        thread.setDaemon(true);
        return thread;
    });
    private final List<HomeserverConnection> connections = new ArrayList<>();

    private LinkHarness(Homeserver server, boolean withRelay, Clock clock) {
        this.server = server;
        this.relay = withRelay ? new MailboxRelay(server.uri()) : null;
        this.clock = clock;
    }

    /** A homeserver with the real clock; clients reach it directly. */
    static LinkHarness direct() {
        return new LinkHarness(startServer(), false, Clock.systemUTC());
    }

    /** A homeserver with the real clock; clients reach it through a relay that sees every frame. */
    static LinkHarness relayed() {
        return new LinkHarness(startServer(), true, Clock.systemUTC());
    }

    /** Around a homeserver the test started itself (e.g. on a fake clock). */
    static LinkHarness around(Homeserver server, Clock clock) {
        return new LinkHarness(server, false, clock);
    }

    /** Where clients connect: the relay if there is one. */
    URI homeserverUri() {
        return relay != null ? relay.uri() : server.uri();
    }

    HomeserverConnection connect(URI uri) throws InterruptedException {
        HomeserverConnection connection = LiveConnections.open(uri);
        connections.add(connection);
        return connection;
    }

    DeviceLinking desktop(CertificateIssuer issuer) throws InterruptedException {
        return new DeviceLinking(connect(homeserverUri()), issuer, clock, random, executor);
    }

    /** A new device that connects to where the invitation points. */
    LinkRequester device(LinkInvitation invitation) throws InterruptedException {
        return new LinkRequester(connect(invitation.websocketUri()), LinkHarness::keys, clock, random, executor);
    }

    static NewDeviceKeys keys(SecureRandom random) {
        RsaKeyPair shared = SharedRsa.KEYS;
        // a copy, so that a failed link wiping its keys leaves the shared pair intact
        return new NewDeviceKeys(Ed25519.generate(random),
                new RsaKeyPair(shared.privateKeyPkcs8().clone(), shared.publicKeySpki().clone()));
    }

    static RsaKeyPair sharedRsa() {
        return SharedRsa.KEYS;
    }

    /** The stage's value within {@link #PATIENCE}. */
    static <T> T await(CompletionStage<T> stage) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("expected a value but the stage failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no value within " + PATIENCE, e);
        }
    }

    /** How the stage failed, within {@link #PATIENCE}; a {@link LinkException} is expected. */
    static LinkException failure(CompletionStage<?> stage) throws InterruptedException {
        Throwable cause = LiveConnections.failure(stage.toCompletableFuture(), PATIENCE);
        if (cause instanceof LinkException link) {
            return link;
        }
        throw new AssertionError("expected a LinkException but got " + cause, cause);
    }

    @Override
    public void close() throws InterruptedException {
        connections.forEach(HomeserverConnection::close);
        if (relay != null) {
            relay.close();
        }
        server.close();
        executor.shutdownNow();
    }

    private static Homeserver startServer() {
        return Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withMailboxWait(MAILBOX_WAIT),
                "test");
    }
}
