package chat.mz.bench;

import static chat.mz.bench.BenchClients.await;

import chat.mz.bench.SyncMarkerPhase.Marker;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import chat.mz.testing.MessagingWorld.User;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The device-sync bench's look at a read marker without the desktop's own work. The <em>homeserver path</em>
 * ({@link #probe}): read markers sealed beforehand, as the desktop's sync sender seals them, and sent with
 * {@code send_sync_event} straight from the desktop's connection; when the homeserver answered, and when the
 * phone applied the marker. And the read marker's own cost ({@link #crypto}): its sealed size for one sibling,
 * and the CPU of sealing and opening it.
 */
final class SyncProbe {
    /** Rounds of the homeserver-path phase not counted. */
    private static final int PROBE_WARMUP = 20;

    private final SyncDevices devices;
    private final SecureRandom random;
    private final int probeRounds;
    private final int cryptoRounds;
    /** The next read marker the homeserver-path phases send: past every message, so each one moves. */
    private long probeSeq;

    /** Probes of {@code probeRounds} measured rounds, crypto costs over {@code cryptoRounds}. */
    SyncProbe(SyncDevices devices, SecureRandom random, int probeRounds, int cryptoRounds) {
        this.devices = devices;
        this.random = random;
        this.probeRounds = probeRounds;
        this.cryptoRounds = cryptoRounds;
    }

    /** The homeserver-path phase: when {@code send_sync_event} was answered, and when the phone applied it. */
    record Probe(String siblings, long[] answeredNanos, long[] appliedNanos) {
        Map<String, Object> toJson() {
            LatencyStats answered = LatencyStats.of(answeredNanos);
            LatencyStats applied = LatencyStats.of(appliedNanos);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sealed_to", siblings);
            json.put("rounds", appliedNanos.length);
            json.put("send_sync_event_answered_p50_ms", Units.roundMillis(answered.p50Nanos(), 3));
            json.put("send_sync_event_answered_p90_ms", Units.roundMillis(answered.p90Nanos(), 3));
            json.put("applied_on_phone_p50_ms", Units.roundMillis(applied.p50Nanos(), 3));
            json.put("applied_on_phone_p90_ms", Units.roundMillis(applied.p90Nanos(), 3));
            json.put("applied_on_phone_p99_ms", Units.roundMillis(applied.p99Nanos(), 3));
            json.put("applied_on_phone_max_ms", Units.roundMillis(applied.maxNanos(), 3));
            return json;
        }
    }

    /** One read marker sealed to one sibling: its size and what sealing and opening it cost. */
    record Crypto(int sealedBytes, int base64Chars, long[] sealCpuNanos, long[] sealWallNanos,
                  long[] openCpuNanos, long[] openWallNanos) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sealed_bytes", sealedBytes);
            json.put("base64_chars", base64Chars);
            json.put("rounds", sealCpuNanos.length);
            json.put("seal_cpu_p50_ms", Units.roundMillis(LatencyStats.of(sealCpuNanos).p50Nanos(), 3));
            json.put("seal_wall_p50_ms", Units.roundMillis(LatencyStats.of(sealWallNanos).p50Nanos(), 3));
            json.put("open_cpu_p50_ms", Units.roundMillis(LatencyStats.of(openCpuNanos).p50Nanos(), 3));
            json.put("open_wall_p50_ms", Units.roundMillis(LatencyStats.of(openWallNanos).p50Nanos(), 3));
            return json;
        }
    }

    /**
     * Read markers sealed beforehand to {@code siblings} (the phone first), as the desktop's sync sender seals
     * them, sent with {@code send_sync_event} from the desktop's connection. Each marker is one past the last: the
     * conversation has nothing unread left, so it only moves the siblings' markers.
     */
    Probe probe(String session, List<User> siblings, String name) throws Exception {
        User desktop = devices.desktop();
        int total = PROBE_WARMUP + probeRounds;
        VerifiedDevices accountDevices = accountDevices();
        List<RecipientDevice> recipients = new ArrayList<>();
        for (User sibling : siblings) {
            recipients.add(recipient(accountDevices, sibling));
        }
        if (probeSeq == 0) {
            probeSeq = desktop.history().latest(session, 1).get(0).seq() + 1_000;
        }
        // sealed before the rounds, so they time the homeserver and the siblings, not the desktop's sealing
        List<SendSyncEventParams> sealed = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] body = new SyncCodec().encode(new SyncEvent.ReadUpTo(session, probeSeq++));
            String eventId = SessionIds.random(random);
            List<SyncItem> items = new ArrayList<>();
            for (RecipientDevice to : recipients) {
                items.add(item(to, eventId, body));
            }
            sealed.add(new SendSyncEventParams(items));
        }
        long[] answered = new long[probeRounds];
        long[] applied = new long[probeRounds];
        for (int i = 0; i < total; i++) {
            List<Marker> markers = siblings.stream().map(sibling -> new Marker(sibling, session, 0)).toList();
            try {
                long start = System.nanoTime();
                long answer = await(BenchClients.completionTime(desktop.connection().call(Methods.SEND_SYNC_EVENT,
                        sealed.get(i))), "send_sync_event");
                long done = await(markers.get(0).applied, "the sealed marker on the phone");
                for (Marker marker : markers) {
                    await(marker.applied, "the sealed marker on every sibling");
                }
                if (i >= PROBE_WARMUP) {
                    answered[i - PROBE_WARMUP] = answer - start;
                    applied[i - PROBE_WARMUP] = done - start;
                }
            } finally {
                markers.forEach(Marker::close);
            }
            devices.clearEventQueues();
            devices.settle();
        }
        Probe probe = new Probe(name, answered, applied);
        System.out.printf(Locale.ROOT, "  homeserver path, sealed to %s: send_sync_event answered p50 %.2f ms, "
                        + "applied on the phone p50 %.2f ms%n", name,
                LatencyStats.millis(LatencyStats.of(answered).p50Nanos()),
                LatencyStats.millis(LatencyStats.of(applied).p50Nanos()));
        return probe;
    }

    /** One read marker from the desktop to the phone, sealed and opened {@code cryptoRounds} times on this thread. */
    Crypto crypto(String session) throws Exception {
        User desktop = devices.desktop();
        User phone = devices.phone();
        VerifiedDevices accountDevices = accountDevices();
        RecipientDevice toPhone = recipient(accountDevices, phone);
        byte[] senderSigningKey = certificate(accountDevices, desktop).body().signingKey();
        DeviceRef me = phone.identity().device();
        byte[] body = new SyncCodec().encode(new SyncEvent.ReadUpTo(session, desktop.history().latest(session, 1)
                .get(0).seq()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // a fifth more rounds first, not counted, to warm the code up
        int total = cryptoRounds + cryptoRounds / 5;
        long[] sealCpu = new long[cryptoRounds];
        long[] sealWall = new long[cryptoRounds];
        long[] openCpu = new long[cryptoRounds];
        long[] openWall = new long[cryptoRounds];
        byte[] sealed = null;
        for (int i = 0; i < total; i++) {
            SyncEnvelope.Header header = new SyncEnvelope.Header(desktop.identity().device(), toPhone.device(),
                    SessionIds.random(random), Instant.now());
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sealed = desktop.identity().withSigningKey(key -> SyncEnvelope.seal(header, body, key, toPhone, random));
            long wall1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            byte[] box = sealed;
            byte[] opened = phone.identity().withEncryptionKey(key -> SyncEnvelope.open(box, me, key,
                    senderSigningKey));
            long wall2 = System.nanoTime();
            long cpu2 = threads.getCurrentThreadCpuTime();
            if (!(new SyncCodec().decode(opened) instanceof SyncEvent.ReadUpTo)) {
                throw new HarnessFailure("the sealed read marker did not open as one");
            }
            int at = i - (total - cryptoRounds);
            if (at >= 0) {
                sealCpu[at] = cpu1 - cpu0;
                sealWall[at] = wall1 - wall0;
                openCpu[at] = cpu2 - cpu1;
                openWall[at] = wall2 - wall1;
            }
        }
        return new Crypto(sealed.length, Base64.getEncoder().encodeToString(sealed).length(), sealCpu, sealWall,
                openCpu, openWall);
    }

    /** The account's device list as the homeserver gives it, checked: the siblings' certificates come from it. */
    private VerifiedDevices accountDevices() throws InterruptedException {
        User desktop = devices.desktop();
        return await(new DeviceDirectory(desktop.connection(), Clock.systemUTC()).byUserId(desktop.userId(), 0),
                "the account's device list");
    }

    private SyncItem item(RecipientDevice to, String eventId, byte[] body) throws Exception {
        User desktop = devices.desktop();
        SyncEnvelope.Header header = new SyncEnvelope.Header(desktop.identity().device(), to.device(), eventId,
                Instant.now());
        byte[] sealed = desktop.identity().withSigningKey(key -> SyncEnvelope.seal(header, body, key, to, random));
        return new SyncItem(to.device().deviceId(), Base64.getEncoder().encodeToString(sealed));
    }

    private static RecipientDevice recipient(VerifiedDevices accountDevices, User device) throws Exception {
        return RecipientDevice.of(certificate(accountDevices, device));
    }

    private static DeviceCertificate certificate(VerifiedDevices accountDevices, User device) {
        for (DeviceCertificate certificate : accountDevices.devices()) {
            if (certificate.body().deviceId().equals(device.identity().deviceId())) {
                return certificate;
            }
        }
        throw new HarnessFailure("no certificate for device " + device.identity().deviceId());
    }
}
