package chat.mz.bench;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomCipher;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyLookup;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedMessage;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.client.e2ee.WrapResult;
import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What end-to-end encryption of group messages costs on the client.
 *
 * <p>Re-keying: sealing a new room key to every device of 10, 100 and 1,000 members of two devices
 * each, as wall time on all cores ({@link RoomKeyWrap#wrapForAll}), the CPU time the workers spent,
 * the CPU time of the same work on one thread, and the bytes sent. Messages: sealing (encrypt, sign,
 * encode) and opening (decode, verify, decrypt) 1 KiB messages, against the bare primitives in the
 * same run (AES-GCM seal and Ed25519 sign; Ed25519 verify and AES-GCM open, each with a fresh random
 * nonce), in alternating short slices so that both see the same machine. Every figure is the median
 * of several rounds, after a warm-up long enough for the JIT. The machine may be shared, so the
 * load average is reported too: wall times mean little while other work keeps the cores busy.
 */
public final class RoomCryptoBench {
    private static final int[] MEMBERS = {10, 100, 1_000};
    private static final int DEVICES_PER_MEMBER = 2;
    private static final int RSA_KEY_POOL = Integer.getInteger("bench.room.rsaKeys", 8);
    private static final int MESSAGE_BYTES = 1024;
    private static final int REKEY_ROUNDS = Integer.getInteger("bench.room.rekeyRounds", 9);
    private static final int MESSAGE_ROUNDS = Integer.getInteger("bench.room.messageRounds", 7);
    private static final double ROUND_SECONDS = Double.parseDouble(System.getProperty("bench.room.roundSeconds", "1"));
    private static final double WARMUP_SECONDS =
            Double.parseDouble(System.getProperty("bench.room.warmupSeconds", "4"));
    /** Slices per round and side when two operations are compared. */
    private static final int SLICES = 20;
    private static final double REKEY_TARGET_MILLIS = 300;
    private static final double RATIO_TARGET = 0.8;
    private static final String SESSION = "bench-session-000000001";

    private RoomCryptoBench() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Instant startedAt = Instant.now();
        SecureRandom random = new SecureRandom();
        int cores = Runtime.getRuntime().availableProcessors();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(cores, task -> {
            Thread thread = new Thread(task, "wrap-" + workers.size());
            thread.setDaemon(true);
            workers.add(thread);
            return thread;
        });
        try {
            RoomKey key = RoomKey.create(SESSION, 2, random, Clock.systemUTC());
            DeviceRef sender = new DeviceRef("bench-sender-user-0000", "sender-device");
            Ed25519KeyPair signing = Ed25519.generate(random);
            RsaKeyPair[] rsaKeys = rsaKeys(pool, random);

            ResultTable table = new ResultTable();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "room-crypto");
            json.put("timestamp", startedAt.toString());
            json.put("environment", MailboxBench.environment());
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

            ReKey reKey = new ReKey(key, sender, signing, rsaKeys, random, pool, workers);
            json.put("rekey", reKey.run(table));
            Messages messages = new Messages(key, sender, signing, random);
            json.put("messages", messages.run(table));

            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            table.info("System load average (1 min) at start / end, " + cores + " cores",
                    String.format(Locale.ROOT, "%.2f / %.2f", loadBefore, loadAfter));
            json.put("load_average", Map.of("start", loadBefore, "end", loadAfter, "cores", cores));
            System.out.println();
            System.out.print(table.render());
            System.out.println();
            json.put("all_targets_met", table.allMet());
            json.put("table", table.toJson());
            Files.createDirectories(outputDir);
            Path file = outputDir.resolve("room-crypto.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
            System.out.println("Results written to " + file.toAbsolutePath());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A few RSA key pairs, made in parallel; the cost of sealing does not depend on which key. */
    private static RsaKeyPair[] rsaKeys(ExecutorService pool, SecureRandom random) throws Exception {
        List<Future<RsaKeyPair>> made = new ArrayList<>();
        for (int i = 0; i < RSA_KEY_POOL; i++) {
            made.add(pool.submit(() -> RsaOaep.generate(random)));
        }
        RsaKeyPair[] keys = new RsaKeyPair[RSA_KEY_POOL];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = made.get(i).get();
        }
        return keys;
    }

    /** Sealing one room key to every member device. */
    private record ReKey(RoomKey key, DeviceRef sender, Ed25519KeyPair signing, RsaKeyPair[] rsaKeys,
                         SecureRandom random, ExecutorService pool, List<Thread> workers) {

        Map<String, Object> run(ResultTable table) throws Exception {
            List<RecipientDevice> largest = recipients(MEMBERS[MEMBERS.length - 1]);
            long warmUntil = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
            while (System.nanoTime() < warmUntil) {
                wrapAll(largest, pool);
                wrapAll(largest.subList(0, 100), Runnable::run);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            for (int members : MEMBERS) {
                json.put(members + "_members", measure(members, table));
            }
            json.put("unwrap_millis_median", unwrapMillis(largest.get(0)));
            table.info("Opening a sealed room key on the recipient (RSA decrypt, median of 21)",
                    Units.ms((double) json.get("unwrap_millis_median")));
            double signMicros = signatureMicros();
            json.put("per_recipient_signature_micros_median", signMicros);
            table.info("  for comparison: a signature per recipient would add, per device, one thread",
                    String.format(Locale.ROOT, "%.1f µs", signMicros));
            return json;
        }

        private Map<String, Object> measure(int members, ResultTable table) throws Exception {
            List<RecipientDevice> recipients = recipients(members);
            int rounds = members >= 1_000 ? REKEY_ROUNDS : REKEY_ROUNDS * 3;
            long[] wall = new long[rounds];
            long[] cpu = new long[rounds];
            long[] oneThread = new long[rounds];
            long payloadBytes = 0;
            long base64Chars = 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++) {
                long cpuBefore = workerCpu(threads);
                long start = System.nanoTime();
                List<WrapResult> results = wrapAll(recipients, pool);
                wall[round] = System.nanoTime() - start;
                cpu[round] = workerCpu(threads) - cpuBefore;

                long threadCpuBefore = threads.getCurrentThreadCpuTime();
                wrapAll(recipients, Runnable::run);
                oneThread[round] = threads.getCurrentThreadCpuTime() - threadCpuBefore;
                if (round == 0) {
                    for (WrapResult result : results) {
                        SealedRoomKey sealed = ((WrapResult.Wrapped) result).sealed();
                        payloadBytes += sealed.wrappedKey().length + sealed.signature().length;
                        base64Chars += sealed.wrappedKeyBase64().length() + sealed.signatureBase64().length();
                    }
                }
            }
            LatencyStats wallStats = LatencyStats.of(wall);
            double wallMillis = LatencyStats.millis(wallStats.p50Nanos());
            double cpuMillis = LatencyStats.millis(LatencyStats.of(cpu).p50Nanos());
            double oneThreadMillis = LatencyStats.millis(LatencyStats.of(oneThread).p50Nanos());
            int devices = recipients.size();
            String what = String.format(Locale.ROOT, "Re-key %,d members × %d devices", members, DEVICES_PER_MEMBER);
            if (members == MEMBERS[MEMBERS.length - 1]) {
                table.check(what + ", wall on " + Runtime.getRuntime().availableProcessors() + " cores (median of "
                        + rounds + ")", Units.ms(wallMillis), "≤ " + (int) REKEY_TARGET_MILLIS + " ms",
                        wallMillis <= REKEY_TARGET_MILLIS);
            } else {
                table.info(what + ", wall on all cores (median of " + rounds + ")", Units.ms(wallMillis));
            }
            table.info(what + ", CPU time / on one thread", Units.ms(cpuMillis) + " / " + Units.ms(oneThreadMillis));
            table.info(what + ", sent (raw / base64)", Units.kib(payloadBytes) + " / " + Units.kib(base64Chars));

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("devices", devices);
            json.put("rounds", rounds);
            json.put("wall_millis_median", Units.round(wallMillis, 3));
            json.put("wall_millis_min", Units.roundMillis(wallStats.minNanos(), 3));
            json.put("wall_millis_max", Units.roundMillis(wallStats.maxNanos(), 3));
            json.put("worker_cpu_millis_median", Units.round(cpuMillis, 3));
            json.put("one_thread_cpu_millis_median", Units.round(oneThreadMillis, 3));
            json.put("micros_per_device_one_thread", Units.round(oneThreadMillis * 1000 / devices, 2));
            json.put("payload_bytes", payloadBytes);
            json.put("payload_base64_chars", base64Chars);
            if (members == MEMBERS[MEMBERS.length - 1]) {
                json.put("target_wall_millis", REKEY_TARGET_MILLIS);
            }
            return json;
        }

        private double unwrapMillis(RecipientDevice recipient) throws Exception {
            SealedRoomKey sealed = RoomKeyWrap.wrap(key, sender, signing.privateKey(), recipient, random);
            byte[] privateKey = rsaKeys[0].privateKeyPkcs8();
            long[] samples = new long[21];
            for (int i = -5; i < samples.length; i++) {
                long start = System.nanoTime();
                RoomKeyWrap.unwrap(sealed, privateKey, SESSION, key.epoch(), recipient.device(), signing.publicKey());
                if (i >= 0) {
                    samples[i] = System.nanoTime() - start;
                }
            }
            return Units.round(LatencyStats.millis(LatencyStats.of(samples).p50Nanos()), 3);
        }

        /** One Ed25519 signature over a statement the size a per-recipient one would have (about 200 bytes). */
        private double signatureMicros() {
            byte[] statement = new byte[200];
            random.nextBytes(statement);
            long[] samples = new long[2_001];
            for (int i = -2_000; i < samples.length; i++) {
                long start = System.nanoTime();
                statement[0] = (byte) Ed25519.sign(signing.privateKey(), statement)[0];
                if (i >= 0) {
                    samples[i] = System.nanoTime() - start;
                }
            }
            return Units.round(LatencyStats.of(samples).p50Nanos() / 1e3, 1);
        }

        private List<WrapResult> wrapAll(List<RecipientDevice> recipients, Executor executor) {
            List<WrapResult> results = RoomKeyWrap.wrapForAll(key, sender, signing.privateKey(), recipients, random,
                    executor).join();
            if (results.stream().anyMatch(result -> result instanceof WrapResult.Failed)) {
                throw new HarnessFailure("a recipient's key could not be used");
            }
            return results;
        }

        private long workerCpu(ThreadMXBean threads) {
            long total = 0;
            for (Thread worker : workers) {
                total += Math.max(0, threads.getThreadCpuTime(worker.getId()));
            }
            return total;
        }

        /** The first recipient's key is {@code rsaKeys[0]}, which {@link #unwrapMillis} opens with. */
        private List<RecipientDevice> recipients(int members) {
            List<RecipientDevice> recipients = new ArrayList<>();
            for (int member = 0; member < members; member++) {
                for (int device = 0; device < DEVICES_PER_MEMBER; device++) {
                    RsaKeyPair rsa = rsaKeys[(member * DEVICES_PER_MEMBER + device) % rsaKeys.length];
                    recipients.add(new RecipientDevice(new DeviceRef(String.format(Locale.ROOT, "member-%016d", member),
                            "device-" + device), rsa.publicKeySpki()));
                }
            }
            return recipients;
        }
    }

    /** Sealing and opening 1 KiB messages, against the bare primitives. */
    private record Messages(RoomKey key, DeviceRef sender, Ed25519KeyPair signing, SecureRandom random) {

        Map<String, Object> run(ResultTable table) throws Exception {
            byte[] plaintext = new byte[MESSAGE_BYTES];
            random.nextBytes(plaintext);
            byte[] rawKey = key.keyBytes();
            byte[] nonce = AesGcm.newNonce(random);
            byte[] rawCiphertext = AesGcm.seal(rawKey, nonce, plaintext, null);
            byte[] rawSignature = Ed25519.sign(signing.privateKey(), rawCiphertext);
            byte[] encoded = RoomCipher.seal(key, sender, "bench-message-000000001", 1, plaintext,
                    signing.privateKey(), random).encode();
            RoomKeyLookup keys = RoomKeyLookup.of(key);
            long[] counter = {1};

            Operation rawSeal = () -> {
                byte[] ciphertext = AesGcm.seal(rawKey, AesGcm.newNonce(random), plaintext, null);
                return Ed25519.sign(signing.privateKey(), ciphertext).length;
            };
            Operation seal = () -> RoomCipher.seal(key, sender, "bench-message-000000001", ++counter[0], plaintext,
                    signing.privateKey(), random).encode().length;
            Operation rawOpen = () -> {
                if (!Ed25519.verify(signing.publicKey(), rawCiphertext, rawSignature)) {
                    throw new HarnessFailure("the raw signature did not verify");
                }
                return AesGcm.open(rawKey, nonce, rawCiphertext, null).length;
            };
            Operation open = () -> RoomCipher.open(SealedMessage.decode(encoded), SESSION, keys,
                    signing.publicKey()).plaintext().length;
            Operation[] operations = {rawSeal, seal, rawOpen, open};
            for (Operation operation : operations) {
                run(operation, WARMUP_SECONDS);
            }

            // each round alternates the bare primitives and the real thing in short slices, so that a
            // change in the machine's load (it is shared) falls on both sides of a ratio alike
            double[][] rates = new double[operations.length][MESSAGE_ROUNDS];
            double[] sealRatios = new double[MESSAGE_ROUNDS];
            double[] openRatios = new double[MESSAGE_ROUNDS];
            for (int round = 0; round < MESSAGE_ROUNDS; round++) {
                double[] seals = interleaved(rawSeal, seal);
                double[] opens = interleaved(rawOpen, open);
                rates[0][round] = seals[0];
                rates[1][round] = seals[1];
                rates[2][round] = opens[0];
                rates[3][round] = opens[1];
                sealRatios[round] = seals[1] / seals[0];
                openRatios[round] = opens[1] / opens[0];
            }
            double sealRatio = median(sealRatios);
            double openRatio = median(openRatios);
            String rounds = " (1 thread, median of " + MESSAGE_ROUNDS + " rounds of 2 × " + ROUND_SECONDS + " s)";
            table.info("1 KiB messages sealed: encrypt, sign, encode" + rounds, perSecond(median(rates[1])));
            table.info("  bare AES-GCM seal + Ed25519 sign, same run", perSecond(median(rates[0])));
            table.check("  sealing / bare primitives", ratio(sealRatio), "≥ " + RATIO_TARGET,
                    sealRatio >= RATIO_TARGET);
            table.info("1 KiB messages opened: decode, verify, decrypt" + rounds, perSecond(median(rates[3])));
            table.info("  bare Ed25519 verify + AES-GCM open, same run", perSecond(median(rates[2])));
            table.check("  opening / bare primitives", ratio(openRatio), "≥ " + RATIO_TARGET,
                    openRatio >= RATIO_TARGET);

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("plaintext_bytes", MESSAGE_BYTES);
            json.put("encoded_bytes", encoded.length);
            json.put("rounds", MESSAGE_ROUNDS);
            json.put("round_seconds", ROUND_SECONDS);
            json.put("warmup_seconds_each", WARMUP_SECONDS);
            json.put("seal_per_second_median", Units.round(median(rates[1]), 0));
            json.put("raw_seal_per_second_median", Units.round(median(rates[0]), 0));
            json.put("seal_ratio_median", Units.round(sealRatio, 3));
            json.put("seal_ratios", Arrays.stream(sealRatios).map(r -> Units.round(r, 3)).boxed().toList());
            json.put("open_per_second_median", Units.round(median(rates[3]), 0));
            json.put("raw_open_per_second_median", Units.round(median(rates[2]), 0));
            json.put("open_ratio_median", Units.round(openRatio, 3));
            json.put("open_ratios", Arrays.stream(openRatios).map(r -> Units.round(r, 3)).boxed().toList());
            json.put("target_ratio", RATIO_TARGET);
            return json;
        }

        /** Operations per second of {@code a} and {@code b}, over {@link #SLICES} alternating slices each. */
        private static double[] interleaved(Operation a, Operation b) throws Exception {
            double sliceSeconds = ROUND_SECONDS / SLICES;
            long[] counts = new long[2];
            long[] nanos = new long[2];
            for (int slice = 0; slice < SLICES; slice++) {
                for (int side = 0; side < 2; side++) {
                    long start = System.nanoTime();
                    counts[side] += run(side == 0 ? a : b, sliceSeconds);
                    nanos[side] += System.nanoTime() - start;
                }
            }
            return new double[] {counts[0] / (nanos[0] / 1e9), counts[1] / (nanos[1] / 1e9)};
        }

        /** Runs {@code operation} for {@code seconds}; the results are summed so the JIT cannot drop the work. */
        private static long run(Operation operation, double seconds) throws Exception {
            long sink = 0;
            long count = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            do {
                sink += operation.run();
                count++;
            } while (System.nanoTime() < end);
            if (sink == Long.MIN_VALUE) {
                throw new HarnessFailure("impossible sum of lengths");
            }
            return count;
        }
    }

    @FunctionalInterface
    private interface Operation {
        int run() throws Exception;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f /s", rate);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
