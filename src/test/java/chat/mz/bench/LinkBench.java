package chat.mz.bench;

import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.ConnectionState;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.NewDeviceKeys;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Link time on loopback: from the authorized device asking for a new link (QR issued) to the new
 * device logged in with its certificate. The person's approval is immediate and the new device's
 * key pairs are made in advance (key generation is measured by {@link IdentityBench}); the new
 * device's keystore is sealed with cheap Argon2 settings for the same reason (the unlock cost is
 * also measured there). Everything else is real: a homeserver with its H2 file, the encrypted link
 * over the mailbox, K_id signing, PublishDevice, the new device's Login.
 */
public final class LinkBench {
    private static final int WARMUP = Integer.getInteger("bench.link.warmup", 20);
    private static final int SAMPLES = Integer.getInteger("bench.link.samples", 100);
    private static final double TARGET_P50_MS = 50;
    private static final int DEVICES_PER_ACCOUNT = 5;
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private LinkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(outputDir);
        Path scratch = Files.createTempDirectory(outputDir, "link-bench");
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        RsaKeyPair rsa = RsaOaep.generate(random);
        DeviceKeyGenerator premade = r -> new NewDeviceKeys(Ed25519.generate(r), rsa);
        Instant startedAt = Instant.now();
        long[] samples = new long[SAMPLES];
        try (Homeserver server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(scratch.resolve("server")).withMailboxWait(Duration.ofSeconds(5)), "bench")) {
            // a fresh account every few links keeps its device list the size of a real one's: every
            // publish fetches and checks the whole list, so a list that grew to 120 devices would
            // time the bench's own artefact
            Client desktop = null;
            UnlockedIdentity identity = null;
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                if (i % DEVICES_PER_ACCOUNT == 0) {
                    if (desktop != null) {
                        identity.close();
                        desktop.close();
                    }
                    desktop = Client.connect(server, clock);
                    identity = new AccountCreator(new LocalIdentity(scratch.resolve("desktop-" + i)), CHEAP, random,
                            clock, executor).create(desktop.connection, AccountCreator.Request.of("ada" + i, null),
                            "a passphrase for the benchmark".toCharArray()).toCompletableFuture()
                            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    new DeviceLogin(desktop.connection, desktop.hellos).login(identity).get(10, TimeUnit.SECONDS);
                }
                long nanos = linkOnce(server, desktop, identity, premade, scratch.resolve("device-" + i), clock,
                        random, executor);
                if (i >= WARMUP) {
                    samples[i - WARMUP] = nanos;
                }
            }
        } finally {
            executor.shutdownNow();
        }

        LatencyStats stats = LatencyStats.of(samples);
        ResultTable table = new ResultTable();
        table.check(String.format(Locale.ROOT, "Link time, QR issued -> new device logged in (p50 of %d)", SAMPLES),
                String.format(Locale.ROOT, "%.1f ms", LatencyStats.millis(stats.p50Nanos())),
                String.format(Locale.ROOT, "<= %.0f ms", TARGET_P50_MS),
                LatencyStats.millis(stats.p50Nanos()) <= TARGET_P50_MS);
        table.info("Link time p90 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                LatencyStats.millis(stats.p90Nanos()), LatencyStats.millis(stats.p99Nanos()),
                LatencyStats.millis(stats.maxNanos())));
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "link");
        json.put("timestamp", startedAt.toString());
        json.put("all_targets_met", table.allMet());
        json.put("environment", MailboxBench.environment());
        json.put("excluded", "approval (immediate), key generation (made in advance), passphrase KDF (cheap)");
        json.put("devices_per_account", DEVICES_PER_ACCOUNT);
        json.put("link_millis", Map.of("p50", LatencyStats.millis(stats.p50Nanos()),
                "p90", LatencyStats.millis(stats.p90Nanos()), "p99", LatencyStats.millis(stats.p99Nanos()),
                "max", LatencyStats.millis(stats.maxNanos()), "samples", SAMPLES, "warmup", WARMUP,
                "target_p50", TARGET_P50_MS));
        json.put("table", table.toJson());
        Path file = outputDir.resolve("link.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
        System.exit(0);
    }

    private static long linkOnce(Homeserver server, Client desktop, UnlockedIdentity identity,
                                 DeviceKeyGenerator keys, Path deviceData, Clock clock, SecureRandom random,
                                 ScheduledExecutorService executor) throws Exception {
        Client phone = Client.connect(server, clock);
        try {
            long start = System.nanoTime();
            DeviceAdding adding = new DeviceAdding(desktop.connection, identity, clock, random, executor);
            adding.approval().thenAccept(approval -> approval.approve());
            var invitation = adding.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            DeviceJoining joining = new DeviceJoining(phone.connection, phone.hellos, keys, clock, random, executor);
            joining.start(invitation, "Bench phone", "linux");
            CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                    new LinkedIdentityStore(new LocalIdentity(deviceData), CHEAP, random),
                    "another passphrase".toCharArray(), PATIENCE);
            DeviceJoining.Joined result = joined.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            result.identity().close();
            adding.added().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return nanos;
        } finally {
            phone.close();
        }
    }

    /** One client's connection and hello tracker, connected. */
    private record Client(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        static Client connect(Homeserver server, Clock clock) throws InterruptedException {
            HomeserverConnection connection = new HomeserverConnection(server.uri(), clock,
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)),
                    Duration.ofSeconds(60));
            ServerHelloTracker hellos = new ServerHelloTracker(connection);
            CountDownLatch connected = new CountDownLatch(1);
            connection.states().subscribe(state -> {
                if (state instanceof ConnectionState.Connected) {
                    connected.countDown();
                }
            });
            connection.start();
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection to " + server.uri());
            }
            return new Client(connection, hellos);
        }

        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }
}
