package chat.mz.bench;

import static chat.mz.bench.RekeyWaits.PATIENCE;
import static chat.mz.bench.RekeyWaits.awaitEpoch;
import static chat.mz.bench.RekeyWaits.get;
import static chat.mz.bench.RekeyWaits.quiet;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The readable-after-re-key phase of the re-key bench, in the largest group: the time from calling
 * {@code rotateNow} until every one of a sample of online member devices (each a real
 * {@link chat.mz.client.messaging.Messenger} on its own connection, logged in as that device) has
 * stored the new key and decrypted a message the re-keying member sent under it right after the re-key
 * completed. The other members' devices are offline: their keys and messages are queued on the
 * homeserver.
 */
final class RekeyReadablePhase {
    private final URI uri;
    private final Path data;
    private final SecureRandom random;
    private final List<AutoCloseable> toClose;
    private final int online;
    private final int rounds;

    /**
     * A phase with {@code online} receiving devices, their histories in {@code data} and all they open added
     * to {@code toClose}, measuring {@code rounds} rounds after one warm-up.
     */
    RekeyReadablePhase(URI uri, Path data, SecureRandom random, List<AutoCloseable> toClose, int online, int rounds) {
        this.uri = uri;
        this.data = data;
        this.random = random;
        this.toClose = toClose;
        this.online = online;
        this.rounds = rounds;
    }

    /** One latency round: when the re-key completed and when each online device could read the message. */
    record Round(long rekeyNanos, long sentNanos, long[] readableNanos) {
        long allNanos() {
            return Arrays.stream(readableNanos).max().orElseThrow();
        }
    }

    /**
     * Brings the online sample up, both devices of the last {@code members} to join the group, waits until
     * they hold its current key, and measures the rounds.
     */
    List<Round> measure(RekeyDevice sender, List<RekeyMember> members, String sessionId) throws Exception {
        List<RekeyDevice> receivers = new ArrayList<>();
        for (int m = members.size() - 1; receivers.size() < online; m--) {
            for (int d = 0; d < RoomRekeyBench.DEVICES_PER_MEMBER && receivers.size() < online; d++) {
                receivers.add(RekeyDevice.start(uri, members.get(m), d, data, random, toClose));
            }
        }
        long epoch = sender.messenger().history().roomKeys().settings(sessionId).keyEpoch();
        for (RekeyDevice receiver : receivers) {
            awaitEpoch(receiver, sessionId, epoch);
        }
        System.out.printf(Locale.ROOT, "  %d receiving devices online, holding key %d%n", receivers.size(), epoch);
        round(sender, receivers, sessionId, "warm-up");
        List<Round> latency = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round round = round(sender, receivers, sessionId, "round " + r);
            latency.add(round);
            System.out.printf(Locale.ROOT, "  round %d: re-key %.1f ms, message accepted %.1f ms, readable on all "
                            + "%d devices after %.1f ms%n", r, LatencyStats.millis(round.rekeyNanos()),
                    LatencyStats.millis(round.sentNanos()), receivers.size(), LatencyStats.millis(round.allNanos()));
        }
        return latency;
    }

    /**
     * One round: the sender re-keys, then sends a message under the new key; done when every online device
     * has decrypted it. Times are from the call to {@code rotateNow}.
     */
    private Round round(RekeyDevice sender, List<RekeyDevice> receivers, String sessionId, String label)
            throws Exception {
        quiet(sender);
        String text = "After the re-key, " + label + " " + Long.toHexString(random.nextLong());
        List<CompletableFuture<Long>> readable = new ArrayList<>();
        for (RekeyDevice receiver : receivers) {
            CompletableFuture<Long> at = new CompletableFuture<>();
            receiver.awaited().put(text, at);
            readable.add(at);
        }
        CompletableFuture<Long> accepted = new CompletableFuture<>();
        sender.awaited().put(text, accepted);
        long start = System.nanoTime();
        long epoch = get(sender.messenger().encryption().rotateNow(sessionId), "a re-key");
        long rekeyed = System.nanoTime();
        get(sender.messenger().send(sessionId, text), "sending a message");
        try {
            CompletableFuture.allOf(readable.toArray(CompletableFuture[]::new))
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long missing = readable.stream().filter(f -> !f.isDone()).count();
            throw new HarnessFailure(missing + " online devices did not decrypt the message within "
                    + PATIENCE.toSeconds() + " s");
        }
        long sent = get(accepted, "the homeserver accepting the message") - start;
        sender.awaited().remove(text);
        long[] at = new long[receivers.size()];
        for (int i = 0; i < receivers.size(); i++) {
            RekeyDevice receiver = receivers.get(i);
            receiver.awaited().remove(text);
            at[i] = readable.get(i).join() - start;
            if (receiver.history().roomKeys().get(sessionId, epoch).isEmpty()) {
                throw new HarnessFailure("a device read the message without holding key " + epoch);
            }
        }
        return new Round(rekeyed - start, sent, at);
    }
}
