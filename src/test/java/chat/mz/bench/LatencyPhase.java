package chat.mz.bench;

import chat.mz.app.Version;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Wake latency: how soon a client waiting on a link session hears about its peer's post. It is the delay a
 * user sees between one device sending a link message and the other reacting.
 *
 * <p>One server, one initiator and one responder connection on loopback. Each session: the initiator sends a
 * waiting call; a {@linkplain BenchClients#barrier barrier} call on the same connection proves the server has
 * registered it (the server reads a connection's frames in order, so the barrier's answer comes after the
 * wait is in place; the bench also checks the server's session count went up by one and the wait is still
 * open); the bench then pauses {@link BenchSettings#settleNanos} so the waiting side is idle, and the responder
 * posts. Latency is from {@code System.nanoTime()} just before the post is sent to the moment the waiting
 * call's future completes. Sessions run one at a time, after a warm-up, because this measures latency, not
 * throughput.
 */
final class LatencyPhase {
    private final BenchSettings settings;
    private final Payloads payloads;
    private final SecureRandom ids = new SecureRandom();

    /** One session's timings, in nanoseconds. */
    private record Wake(long wakeNanos, long roundTripNanos, HeldBack heldBack) {
    }

    /** Collections so far and their total time, over all collectors. */
    private record GcTotals(long count, long millis) {
        static GcTotals now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new GcTotals(count, millis);
        }
    }

    LatencyPhase(BenchSettings settings, Payloads payloads) {
        this.settings = settings;
        this.payloads = payloads;
    }

    LatencyResult run() throws InterruptedException {
        long phaseStart = System.nanoTime();
        int sessions = settings.warmupSessions() + settings.measuredSessions();
        // Every session counts against both connections' session limit for its whole lifetime.
        ServerConfig config = ServerConfig.defaults()
                .withAddress("127.0.0.1", 0)
                .withConnectionLimits(sessions + 16, 16);
        try (Homeserver server = Homeserver.start(config, Version.current())) {
            List<HomeserverConnection> clients = BenchClients.openConnected(server.uri(), 2);
            try {
                HomeserverConnection initiator = clients.get(0);
                HomeserverConnection responder = clients.get(1);
                HeldBack heldBack = HeldBack.NONE;
                for (int i = 0; i < settings.warmupSessions(); i++) {
                    heldBack = heldBack.plus(wakeOnce(server, initiator, responder).heldBack());
                }
                long[] samples = new long[settings.measuredSessions()];
                long[] roundTrips = new long[settings.measuredSessions()];
                GcTotals gcBefore = GcTotals.now();
                for (int i = 0; i < samples.length; i++) {
                    Wake wake = wakeOnce(server, initiator, responder);
                    samples[i] = wake.wakeNanos();
                    roundTrips[i] = wake.roundTripNanos();
                    heldBack = heldBack.plus(wake.heldBack());
                }
                GcTotals gcAfter = GcTotals.now();
                return new LatencyResult(LatencyStats.of(samples), LatencyStats.of(roundTrips),
                        settings.warmupSessions(), settings.settleNanos(), settings.payloadBytes(),
                        gcAfter.count() - gcBefore.count(), gcAfter.millis() - gcBefore.millis(), heldBack,
                        System.nanoTime() - phaseStart, config.toString());
            } finally {
                clients.forEach(HomeserverConnection::close);
            }
        }
    }

    /** One link session: wait, make sure the server holds the wait, post, time the wake-up. */
    private Wake wakeOnce(Homeserver server, HomeserverConnection initiator, HomeserverConnection responder)
            throws InterruptedException {
        MailboxSessionId id = MailboxSessionId.random(ids);
        byte[] payload = payloads.next();
        int sessionsBefore = server.mailboxStore().sessionCount();

        long waitSent = System.nanoTime();
        CompletableFuture<SyncMailboxResult> waiting = BenchClients.waitFor(initiator, id);
        CompletableFuture<Long> wokenAt = BenchClients.completionTime(waiting);

        long barrierSent = System.nanoTime();
        SyncMailboxResult barrier = BenchClients.await(BenchClients.barrier(initiator, id), "the barrier call");
        long roundTrip = System.nanoTime() - barrierSent;
        if (barrier.hasPayload()) {
            throw new HarnessFailure("the barrier call got a payload before anything was posted");
        }
        if (server.mailboxStore().sessionCount() != sessionsBefore + 1) {
            throw new HarnessFailure("the server does not hold the new session (sessions " + sessionsBefore + " -> "
                    + server.mailboxStore().sessionCount() + ")");
        }
        checkStillWaiting("barrier", waiting, wokenAt, waitSent, roundTrip);
        LockSupport.parkNanos(settings.settleNanos());
        checkStillWaiting("settle", waiting, wokenAt, waitSent, roundTrip);

        long postedAt = System.nanoTime();
        CompletableFuture<SyncMailboxResult> post = BenchClients.post(responder, id, payload);
        CompletableFuture<Long> postAnsweredAt = BenchClients.completionTime(post);
        // Whichever comes first; a failed post fails this at once instead of leaving the wait to run out.
        BenchClients.await(CompletableFuture.anyOf(wokenAt, post), "the wake-up or the post's answer");
        long wakeNanos = BenchClients.await(wokenAt, "the wake-up") - postedAt;

        SyncMailboxResult received = BenchClients.await(waiting, "the waiting call");
        if (!received.hasPayload() || !Arrays.equals(received.payload(), payload)) {
            throw new HarnessFailure("the waiting call got " + BenchClients.describe(received)
                    + " instead of its payload");
        }
        SyncMailboxResult posted = BenchClients.await(post, "the post's answer");
        if (posted.hasPayload()) {
            throw new HarnessFailure("the post read back a payload: " + BenchClients.describe(posted));
        }
        long postAnswerNanos = postAnsweredAt.join() - postedAt;
        HeldBack heldBack = HeldBack.NONE.plus(roundTrip).plus(wakeNanos).plus(postAnswerNanos);
        return new Wake(wakeNanos, roundTrip, heldBack);
    }

    /** An answer before the post would mean the bench is not measuring a wake-up at all. */
    private static void checkStillWaiting(String stage, CompletableFuture<SyncMailboxResult> waiting,
                                          CompletableFuture<Long> answeredAt, long waitSent, long roundTrip) {
        if (waiting.isDone()) {
            throw new HarnessFailure(String.format(Locale.ROOT, "the waiting call was answered before the post "
                            + "(seen after the %s): %s, %.1f ms after it was sent; the barrier's round trip took "
                            + "%.1f ms", stage, BenchClients.outcome(waiting),
                    LatencyStats.millis(answeredAt.join() - waitSent), LatencyStats.millis(roundTrip)));
        }
    }
}
