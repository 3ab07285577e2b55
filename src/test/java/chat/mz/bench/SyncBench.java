package chat.mz.bench;

import static chat.mz.bench.BenchClients.await;
import static chat.mz.bench.SyncWaits.spinUntil;

import chat.mz.bench.SyncProbe.Crypto;
import chat.mz.bench.SyncProbe.Probe;
import chat.mz.bench.SyncReport.Phase;
import chat.mz.client.Subscription;
import chat.mz.history.Protection;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Device sync latency: a real {@link chat.mz.server.Homeserver} on loopback with its H2 file in a temporary
 * folder, one account with a desktop and two devices linked to it through the real link flow (a phone and a
 * laptop), and a second user, each device with its own encrypted history and {@link
 * chat.mz.client.messaging.Messenger} long-polling its queue, wired as the app wires them ({@link SyncDevices}).
 *
 * <p>Phases, each a warm-up and then the measured rounds, one round at a time: the next starts once every
 * device has taken everything the previous one caused (the message, its delivery receipt, the sync event),
 * and a short pause after that, so each round starts from idle devices.
 * <ul>
 *   <li><em>Message sync</em> ({@link SyncMessagePhase}), in the 1:1 chat with the other user (in the clear)
 *       and in an encrypted group with them: from {@code messenger.send} on the desktop to the phone's
 *       messenger announcing the message as stored ({@code EntriesAdded}).</li>
 *   <li><em>Read-marker sync</em> ({@link SyncMarkerPhase}): from {@code messenger.markRead} on the desktop, up
 *       to the next of a batch of the other user's unread messages, to the phone's {@code SessionChanged} for the
 *       conversation with its unread count down by one (sealed to the phone and the laptop, sent, opened,
 *       applied).</li>
 *   <li><em>Homeserver path</em> ({@link SyncProbe}): read markers sealed beforehand and sent with
 *       {@code send_sync_event} straight from the desktop's connection, to the phone applying them: the
 *       read-marker path without the desktop's own work, and when the homeserver answered; sealed to both
 *       siblings, then to the phone alone (on one machine the laptop opens its copy on the same cores as the
 *       phone).</li>
 *   <li>The sealed size of one read marker to one sibling, and the CPU of sealing and opening one
 *       ({@link SyncProbe}).</li>
 * </ul>
 * While the messages go, the bench also checks that each one shows as delivered on the desktop once its receipt
 * was announced there (the receipt can overtake the answer to the send).
 * Latencies are taken with {@link System#nanoTime()} on the phone's messenger thread as it announces the change.
 * CPU per round is the process's, less this harness's own thread, and split by thread (each device's messenger
 * thread by name, the rest by thread name; {@link SyncCpu}).
 *
 * <p>Prints a table and writes {@code sync-bench.json} into the folder given as the only argument
 * ({@link SyncReport}). Exit status as the other benches: 0 done, 1 harness failure, 2 bad arguments, 3 out of
 * time. Sizes: system properties {@code sync.bench.warmup} (rounds not counted per phase, 200), {@code .rounds}
 * (measured rounds per phase, 500: a run takes about two minutes on two busy cores), {@code .unread} (the other
 * user's unread messages marked read one by one per batch, 50), {@code .probeRounds} (200),
 * {@code .cryptoRounds} (100), {@code .settleMillis} (pause between rounds, 2).
 */
public final class SyncBench {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);

    private final int warmup = Integer.getInteger("sync.bench.warmup", 200);
    private final int rounds = Integer.getInteger("sync.bench.rounds", 500);
    private final int unread = Integer.getInteger("sync.bench.unread", 50);
    private final int probeRounds = Integer.getInteger("sync.bench.probeRounds", 200);
    private final int cryptoRounds = Integer.getInteger("sync.bench.cryptoRounds", 100);
    private final long settleNanos = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("sync.bench.settleMillis", 2));
    private final SecureRandom random = new SecureRandom();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Made here, on the harness's thread, which it leaves out of every round's CPU. */
    private final SyncCpu cpu = new SyncCpu();

    private SyncBench() {
    }

    public static void main(String[] args) {
        BenchMain.run("SyncBench", args, RUN_LIMIT, outputDir -> new SyncBench().run(outputDir));
    }

    private void run(Path outputDir) throws Exception {
        if (warmup < 0 || rounds < 1 || unread < 1 || probeRounds < 1 || cryptoRounds < 1 || settleNanos < 0) {
            throw new HarnessFailure("sync.bench.rounds, .unread, .probeRounds and .cryptoRounds must be at least 1, "
                    + "sync.bench.warmup and .settleMillis at least 0");
        }
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        double loadStart = os.getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "SyncBench: %d warm-up + %d rounds per phase, %d cores, max heap %s, "
                        + "load %.2f%n", warmup, rounds, cores, Units.mib(Runtime.getRuntime().maxMemory()), loadStart);
        Path data = Files.createTempDirectory("mzchat-sync-bench");
        List<Phase> phases = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        Crypto crypto;
        double setupSeconds;
        SyncMessagePhase messages;
        try (MessagingWorld world = new MessagingWorld(data)) {
            long setupStart = System.nanoTime();
            User desktop = world.register("ada");
            User bob = world.register("bob");
            User phone = world.linkDevice(desktop, "ada phone");
            User laptop = world.linkDevice(desktop, "ada laptop");
            SyncDevices devices = new SyncDevices(desktop, phone, laptop, bob, settleNanos);
            // every messenger runs on a thread of the same name: each is told apart by the events it publishes
            List<Subscription> threadWatch = new ArrayList<>();
            threadWatch.add(cpu.watchMessenger(desktop, "desktop messenger"));
            threadWatch.add(cpu.watchMessenger(phone, "phone messenger"));
            threadWatch.add(cpu.watchMessenger(laptop, "laptop messenger"));
            threadWatch.add(cpu.watchMessenger(bob, "bob messenger"));

            String direct = await(desktop.messenger().conversations().direct(bob.userId()), "the 1:1 chat").sessionId();
            String room = await(desktop.messenger().conversations().createGroup("Bench room", List.of(bob.userId()),
                    true), "the encrypted group").sessionId();
            String reading = await(desktop.messenger().conversations().createGroup("Reading", List.of(bob.userId()),
                    false), "the group to read").sessionId();
            for (User device : devices.every()) {
                for (String session : List.of(direct, room, reading)) {
                    spinUntil("session " + session + " on " + device.identity().deviceId(),
                            () -> device.history().session(session).isPresent());
                }
            }
            for (User device : List.of(phone, laptop, bob)) {
                spinUntil("the room key on " + device.identity().deviceId(),
                        () -> device.history().roomKeys().get(room, 1).isPresent());
            }
            devices.settle();
            threadWatch.forEach(Subscription::close);
            setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            System.out.printf(Locale.ROOT, "  set up in %.1f s: a desktop, 2 linked devices, another user; messenger "
                    + "threads known for %d of 4 devices%n", setupSeconds, cpu.messengers());

            messages = new SyncMessagePhase(devices, cpu, warmup, rounds);
            phases.add(messages.measure("Message sync, 1:1 chat (in the clear)", direct, Protection.PLAIN));
            phases.add(messages.measure("Message sync, encrypted group", room, Protection.ENCRYPTED));
            phases.add(new SyncMarkerPhase(devices, cpu, warmup, rounds, unread).measure("Read-marker sync", reading));
            SyncProbe probe = new SyncProbe(devices, random, probeRounds, cryptoRounds);
            probes.add(probe.probe(reading, List.of(phone, laptop), "the phone and the laptop"));
            probes.add(probe.probe(reading, List.of(phone), "the phone alone"));
            crypto = probe.crypto(reading);
        } finally {
            deleteTree(data);
        }
        new SyncReport(warmup, rounds, unread, probeRounds, cryptoRounds, settleNanos).write(outputDir, startedAt,
                runStart, setupSeconds, phases, probes, crypto, messages.lost(), messages.messagesSent(), cores,
                loadStart);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
