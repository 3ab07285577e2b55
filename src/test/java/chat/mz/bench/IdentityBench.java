package chat.mz.bench;

import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.Keystore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What creating and unlocking an identity costs: Ed25519 and RSA-3072 key generation, and unlocking
 * a keystore sealed with the interactive Argon2id settings. The unlock is a deliberate cost: it
 * should take between 0.3 and 1 s, slow enough to make guessing passphrases expensive, fast enough
 * not to annoy. The first unlock in a fresh JVM is reported apart, since that is what an app start
 * pays (the JIT has not compiled Argon2 yet).
 */
public final class IdentityBench {
    private static final int ED25519_WARMUP = 500;
    private static final int ED25519_SAMPLES = 2_000;
    private static final int RSA_SAMPLES = Integer.getInteger("bench.identity.rsaSamples", 8);
    private static final int UNLOCK_SAMPLES = Integer.getInteger("bench.identity.unlockSamples", 7);
    private static final double UNLOCK_MIN_SECONDS = 0.3;
    private static final double UNLOCK_MAX_SECONDS = 1.0;

    private IdentityBench() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(args.length > 0 ? args[0] : "target/bench");
        SecureRandom random = new SecureRandom();
        Instant startedAt = Instant.now();

        Files.createDirectories(outputDir);
        Path keystoreFile = Files.createTempFile(outputDir, "bench", ".keystore");
        Keystore keystore = new Keystore(keystoreFile);
        char[] passphrase = "a passphrase for the benchmark".toCharArray();
        keystore.seal(new byte[2_000], passphrase, Argon2Params.interactive(), random);
        long coldUnlock = time(() -> keystore.open(passphrase));
        long[] unlocks = new long[UNLOCK_SAMPLES];
        for (int i = 0; i < unlocks.length; i++) {
            unlocks[i] = time(() -> keystore.open(passphrase));
        }
        Files.delete(keystoreFile);

        for (int i = 0; i < ED25519_WARMUP; i++) {
            Ed25519.generate(random);
        }
        long[] ed25519 = new long[ED25519_SAMPLES];
        for (int i = 0; i < ed25519.length; i++) {
            ed25519[i] = time(() -> Ed25519.generate(random));
        }
        long[] rsa = new long[RSA_SAMPLES];
        for (int i = 0; i < rsa.length; i++) {
            rsa[i] = time(() -> RsaOaep.generate(random));
        }

        LatencyStats unlock = LatencyStats.of(unlocks);
        LatencyStats ed = LatencyStats.of(ed25519);
        LatencyStats rsaStats = LatencyStats.of(rsa);
        double unlockSeconds = unlock.p50Nanos() / 1e9;
        Argon2Params params = Argon2Params.interactive();

        ResultTable table = new ResultTable();
        table.check(String.format(Locale.ROOT, "Keystore unlock, Argon2id %d MiB t=%d p=%d (median of %d, warm)",
                        params.memoryKiB() / 1024, params.iterations(), params.parallelism(), UNLOCK_SAMPLES),
                String.format(Locale.ROOT, "%.3f s", unlockSeconds),
                String.format(Locale.ROOT, "%.1f–%.1f s", UNLOCK_MIN_SECONDS, UNLOCK_MAX_SECONDS),
                unlockSeconds >= UNLOCK_MIN_SECONDS && unlockSeconds <= UNLOCK_MAX_SECONDS);
        table.info("Keystore unlock, first in a fresh JVM", String.format(Locale.ROOT, "%.3f s", coldUnlock / 1e9));
        table.info(String.format(Locale.ROOT, "Ed25519 key generation (median of %d)", ED25519_SAMPLES),
                String.format(Locale.ROOT, "%.1f µs", ed.p50Nanos() / 1e3));
        table.info(String.format(Locale.ROOT, "RSA-3072 key generation (median of %d)", RSA_SAMPLES),
                String.format(Locale.ROOT, "%.0f ms", rsaStats.p50Nanos() / 1e6));
        table.info("RSA-3072 key generation, fastest / slowest", String.format(Locale.ROOT, "%.0f ms / %.0f ms",
                rsaStats.minNanos() / 1e6, rsaStats.maxNanos() / 1e6));
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "identity");
        json.put("timestamp", startedAt.toString());
        json.put("all_targets_met", table.allMet());
        json.put("environment", MailboxBench.environment());
        json.put("argon2id", Map.of("memory_kib", params.memoryKiB(), "iterations", params.iterations(),
                "parallelism", params.parallelism()));
        json.put("unlock_seconds", Map.of("median_warm", unlockSeconds, "first_cold", coldUnlock / 1e9,
                "samples", UNLOCK_SAMPLES, "target_min", UNLOCK_MIN_SECONDS, "target_max", UNLOCK_MAX_SECONDS));
        json.put("ed25519_keygen_micros", Map.of("median", ed.p50Nanos() / 1e3, "p99", ed.p99Nanos() / 1e3,
                "samples", ED25519_SAMPLES));
        json.put("rsa3072_keygen_millis", Map.of("median", rsaStats.p50Nanos() / 1e6, "min", rsaStats.minNanos() / 1e6,
                "max", rsaStats.maxNanos() / 1e6, "samples", RSA_SAMPLES));
        json.put("table", table.toJson());
        Path file = outputDir.resolve("identity.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    private static long time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
