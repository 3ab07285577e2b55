package chat.mz.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.testing.LiveConnections;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many pairs of devices at once, each waking the other's waiting call hundreds of times: every woken
 * call gets exactly its payload, promptly. (The library race this once hit is pinned down
 * deterministically by {@link WriteStallGuardTest}.)
 */
@Timeout(120)
class AnswerDeliveryTest {
    private static final int PAIRS = 6;
    private static final int WAKES_PER_PAIR = 600;
    private static final Duration PROMPT = Duration.ofSeconds(1);

    @Test
    void thousandsOfWokenCallsAreAllAnsweredPromptly() throws Exception {
        ServerConfig config = ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withConnectionLimits(WAKES_PER_PAIR + 1, 4);
        try (Homeserver server = Homeserver.start(config, "test")) {
            ExecutorService pairs = Executors.newFixedThreadPool(PAIRS);
            try {
                List<Future<Long>> slowest = new ArrayList<>();
                for (int i = 0; i < PAIRS; i++) {
                    slowest.add(pairs.submit(() -> wakeRepeatedly(server)));
                }
                for (Future<Long> pair : slowest) {
                    long nanos = pair.get(100, TimeUnit.SECONDS);
                    assertTrue(nanos < PROMPT.toNanos(), "a woken call took " + nanos / 1_000_000 + " ms");
                }
            } finally {
                pairs.shutdownNow();
            }
        }
    }

    /** Returns the slowest post-to-answer time seen, in nanoseconds. */
    private static long wakeRepeatedly(Homeserver server) throws Exception {
        SecureRandom random = new SecureRandom();
        long slowest = 0;
        try (HomeserverConnection desktop = LiveConnections.open(server.uri());
             HomeserverConnection phone = LiveConnections.open(server.uri())) {
            for (int i = 0; i < WAKES_PER_PAIR; i++) {
                MailboxSessionId id = MailboxSessionId.random(random);
                CompletableFuture<SyncMailboxResult> waiting =
                        desktop.call(Methods.SYNC_MAILBOX, SyncMailboxParams.poll(id, MailboxSide.INITIATOR, true));
                LiveConnections.barrier(desktop);
                byte[] keys = new byte[32];
                random.nextBytes(keys);
                long posted = System.nanoTime();
                SyncMailboxResult own = LiveConnections.await(
                        phone.call(Methods.SYNC_MAILBOX, SyncMailboxParams.post(id, MailboxSide.RESPONDER, keys)));
                assertEquals(null, own.payload());
                SyncMailboxResult delivered = waiting.get(30, TimeUnit.SECONDS);
                slowest = Math.max(slowest, System.nanoTime() - posted);
                assertArrayEquals(keys, delivered.payload());
            }
        }
        return slowest;
    }
}
