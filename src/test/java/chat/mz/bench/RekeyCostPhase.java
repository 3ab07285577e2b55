package chat.mz.bench;

import static chat.mz.bench.RekeyWaits.awaitEpoch;
import static chat.mz.bench.RekeyWaits.get;
import static chat.mz.bench.RekeyWaits.quiet;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.client.e2ee.WrapResult;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.WrappedRoomKey;
import com.fasterxml.jackson.databind.node.LongNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The re-key cost phase of the re-key bench, run for each group size: the wall time of
 * {@code encryption().rotateNow} (session lookup, sealing the new key to every member device but the
 * sender's own, one {@code send_room_key} call and its answer), after one warm-up re-key that fetches
 * and checks every member's device list, so the measured ones find them cached; the CPU time the
 * client's sealing threads spent, and the process's CPU time (homeserver included, as it runs in the
 * same JVM); and the size of the {@code send_room_key} frame as the client's codec encodes it. Then the
 * same steps one by one ({@link Parts}).
 */
final class RekeyCostPhase {
    private static final String SEALING_THREAD = "mzchat-room-keys";

    private final int costRounds;
    private final SecureRandom random;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A phase measuring {@code costRounds} re-keys per group. */
    RekeyCostPhase(int costRounds, SecureRandom random) {
        this.costRounds = costRounds;
        this.random = random;
    }

    /** One size's re-key cost. */
    record Cost(int members, int recipientDevices, double firstRekeyMillis, long[] wallNanos,
                long[] sealingCpuNanos, long[] processCpuNanos, long frameBytes, Parts parts) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("members", members);
            json.put("recipient_devices", recipientDevices);
            json.put("rounds", wallNanos.length);
            json.put("first_rekey_millis_fetching_device_lists", Units.round(firstRekeyMillis, 1));
            LatencyStats wall = LatencyStats.of(wallNanos);
            json.put("rotate_now_wall_millis_median", Units.roundMillis(wall.p50Nanos(), 2));
            json.put("rotate_now_wall_millis_p90", Units.roundMillis(wall.p90Nanos(), 2));
            json.put("rotate_now_wall_millis_min", Units.roundMillis(wall.minNanos(), 2));
            json.put("rotate_now_wall_millis_max", Units.roundMillis(wall.maxNanos(), 2));
            json.put("sealing_cpu_millis_median", Units.roundMillis(LatencyStats.of(sealingCpuNanos).p50Nanos(), 2));
            json.put("process_cpu_millis_median", Units.roundMillis(LatencyStats.of(processCpuNanos).p50Nanos(), 2));
            json.put("send_room_key_frame_bytes", frameBytes);
            json.put("send_room_key_bytes_per_device", Units.round((double) frameBytes / recipientDevices, 1));
            json.put("steps", parts.toJson());
            json.put("rotate_now_wall_millis", Arrays.stream(wallNanos).mapToObj(n -> Units.roundMillis(n, 2)).toList());
            return json;
        }
    }

    /**
     * The steps of a re-key, timed one by one: the same calls {@code rotateNow} makes, made by the
     * re-keying member's other device on a connection of its own.
     */
    record Parts(long[] getSessionNanos, long[] sealWallNanos, long[] sealCpuNanos, long[] sendNanos) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rounds", sendNanos.length);
            json.put("get_session_millis_median", Units.roundMillis(LatencyStats.of(getSessionNanos).p50Nanos(), 2));
            json.put("seal_wall_millis_median", Units.roundMillis(LatencyStats.of(sealWallNanos).p50Nanos(), 2));
            json.put("seal_cpu_millis_median", Units.roundMillis(LatencyStats.of(sealCpuNanos).p50Nanos(), 2));
            json.put("send_room_key_answered_millis_median", Units.roundMillis(LatencyStats.of(sendNanos).p50Nanos(),
                    2));
            return json;
        }

        static double median(long[] nanos) {
            return LatencyStats.millis(LatencyStats.of(nanos).p50Nanos());
        }
    }

    /**
     * Re-keys the group {@code 1 + costRounds} times; the first one fetches every member's device list and is
     * reported apart. {@code members} includes the sender.
     */
    Cost cost(RekeyDevice sender, RekeyMember.Online otherDevice, String sessionId, List<RekeyMember> members)
            throws Exception {
        quiet(sender);
        long start = System.nanoTime();
        long epoch = get(sender.messenger().encryption().rotateNow(sessionId), "the first re-key");
        double firstMillis = (System.nanoTime() - start) / 1e6;
        quiet(sender);
        long[] wall = new long[costRounds];
        long[] sealing = new long[costRounds];
        long[] process = new long[costRounds];
        for (int round = 0; round < costRounds; round++) {
            Map<Long, Long> sealingBefore = sealingCpu();
            long processBefore = os.getProcessCpuTime();
            start = System.nanoTime();
            epoch = get(sender.messenger().encryption().rotateNow(sessionId), "a re-key");
            wall[round] = System.nanoTime() - start;
            process[round] = os.getProcessCpuTime() - processBefore;
            Map<Long, Long> sealingAfter = sealingCpu();
            long spent = 0;
            for (Map.Entry<Long, Long> thread : sealingAfter.entrySet()) {
                spent += thread.getValue() - sealingBefore.getOrDefault(thread.getKey(), 0L);
            }
            sealing[round] = spent;
        }
        List<RecipientDevice> recipients = new ArrayList<>();
        DeviceRef me = new DeviceRef(sender.userId(), sender.member().device(sender.index()).id());
        for (RekeyMember member : members) {
            for (RecipientDevice device : member.recipients()) {
                if (!device.device().equals(me)) {
                    recipients.add(device);
                }
            }
        }
        Parts parts = parts(sender.member(), otherDevice, sessionId, members, sender);
        return new Cost(members.size(), recipients.size(), firstMillis, wall, sealing, process,
                frameBytes(sender, sessionId, epoch + 1, recipients), parts);
    }

    /**
     * Re-keys {@link #costRounds} times from the re-keying member's other device, step by step: the session
     * lookup, sealing to every device but its own on a pool of one thread per core (wall time, and the CPU
     * time of the pool's threads), and the {@code send_room_key} call until its answer. The devices are
     * taken from the members' certificates, as a client holding their device lists does.
     */
    private Parts parts(RekeyMember account, RekeyMember.Online device, String sessionId, List<RekeyMember> members,
                        RekeyDevice sender) throws Exception {
        DeviceRef me = new DeviceRef(account.userId(), account.device(1).id());
        List<RecipientDevice> recipients = new ArrayList<>();
        for (RekeyMember member : members) {
            for (RecipientDevice recipient : member.recipients()) {
                if (!recipient.device().equals(me)) {
                    recipients.add(recipient);
                }
            }
        }
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "bench-sealing-" + workers.size());
            thread.setDaemon(true);
            workers.add(thread);
            return thread;
        });
        long[] lookup = new long[costRounds];
        long[] sealWall = new long[costRounds];
        long[] sealCpu = new long[costRounds];
        long[] send = new long[costRounds];
        try {
            for (int round = 0; round < costRounds; round++) {
                quiet(sender);
                long start = System.nanoTime();
                SessionInfo info = get(device.connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                        "looking the group up");
                long looked = System.nanoTime();
                RoomKey key = RoomKey.create(sessionId, info.keyEpoch() + 1, random, Clock.systemUTC());
                long cpuBefore = workersCpu(workers);
                long sealStart = System.nanoTime();
                List<WrapResult> results = account.secrets(1).withSigningKey(signingKey ->
                        RoomKeyWrap.wrapForAll(key, me, signingKey, recipients, random, pool).join());
                List<WrappedRoomKey> wrapped = new ArrayList<>(results.size());
                for (WrapResult result : results) {
                    if (!(result instanceof WrapResult.Wrapped done)) {
                        throw new HarnessFailure("a recipient's key could not be used");
                    }
                    SealedRoomKey sealed = done.sealed();
                    wrapped.add(new WrappedRoomKey(sealed.recipient().userId(), sealed.recipient().deviceId(),
                            sealed.wrappedKeyBase64(), sealed.signatureBase64()));
                }
                long sealed = System.nanoTime();
                sealCpu[round] = workersCpu(workers) - cpuBefore;
                get(device.connection().call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(sessionId, key.epoch(),
                        true, wrapped)), "sending the room key");
                long answered = System.nanoTime();
                lookup[round] = looked - start;
                sealWall[round] = sealed - sealStart;
                send[round] = answered - sealed;
            }
        } finally {
            pool.shutdownNow();
        }
        // the re-keying device takes the last key from its own queue before it re-keys again
        long last = get(device.connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                "looking the group up").keyEpoch();
        awaitEpoch(sender, sessionId, last);
        return new Parts(lookup, sealWall, sealCpu, send);
    }

    private long workersCpu(List<Thread> workers) {
        long total = 0;
        for (Thread worker : workers) {
            total += Math.max(0, threads.getThreadCpuTime(worker.getId()));
        }
        return total;
    }

    /**
     * The size of the {@code send_room_key} frame a re-key to {@code recipients} sends, sealed and encoded the
     * way the client does it.
     */
    private long frameBytes(RekeyDevice sender, String sessionId, long epoch, List<RecipientDevice> recipients)
            throws Exception {
        RoomKey key = RoomKey.create(sessionId, epoch, random, Clock.systemUTC());
        DeviceRef me = new DeviceRef(sender.userId(), sender.member().device(sender.index()).id());
        List<WrapResult> results = sender.member().secrets(sender.index()).withSigningKey(signingKey ->
                RoomKeyWrap.wrapForAll(key, me, signingKey, recipients, random, Runnable::run).join());
        List<WrappedRoomKey> wrapped = new ArrayList<>();
        for (WrapResult result : results) {
            if (!(result instanceof WrapResult.Wrapped done)) {
                throw new HarnessFailure("a recipient's key could not be used");
            }
            SealedRoomKey sealed = done.sealed();
            wrapped.add(new WrappedRoomKey(sealed.recipient().userId(), sealed.recipient().deviceId(),
                    sealed.wrappedKeyBase64(), sealed.signatureBase64()));
        }
        JsonCodec codec = new JsonCodec();
        String frame = codec.encode(new RpcMessage.Request(LongNode.valueOf(1_000), Methods.SEND_ROOM_KEY.name(),
                codec.toTree(new SendRoomKeyParams(sessionId, epoch, true, wrapped))));
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }

    /** CPU time so far of every client sealing thread alive, by thread id. */
    private Map<Long, Long> sealingCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(SEALING_THREAD)) {
                cpu.put(thread.getId(), Math.max(0, threads.getThreadCpuTime(thread.getId())));
            }
        }
        return cpu;
    }
}
