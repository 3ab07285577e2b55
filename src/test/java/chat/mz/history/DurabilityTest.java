package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static chat.mz.history.Entries.pending;
import static chat.mz.history.Entries.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that has returned is in the file, even if the process is killed the moment after: the
 * client acknowledges received messages to the homeserver (which then deletes them) as soon as they
 * are stored, and tells the user a message is safe once it is pending.
 */
class DurabilityTest {
    private static final int BATCH = 100;
    /** Acknowledged writes to wait for before the kill: well inside H2's default half-second delay. */
    private static final int ACKS_BEFORE_KILL = 6;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesAKilledProcess() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteUntilKilled.class.getName(),
                file(dir).toString(), HexFormat.of().formatHex(key(1)))
                .redirectErrorStream(true).start();
        List<String> acks = new ArrayList<>();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                    if (acks.size() == ACKS_BEFORE_KILL) {
                        break;
                    }
                }
            }
        } finally {
            // no shutdown hook, no close: as if the machine's user killed it, or it crashed
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(ACKS_BEFORE_KILL, acks.size(), "the writer stopped early: " + acks);

        try (History history = History.open(file(dir), key(1), new FakeClock(T0))) {
            for (String ack : acks) {
                String[] parts = ack.split(" ");
                int round = Integer.parseInt(parts[1]);
                switch (parts[0]) {
                    case "received" -> {
                        List<Entry> stored = history.before("r" + round, Long.MAX_VALUE, 2 * BATCH);
                        assertEquals(BATCH, stored.size(), ack);
                        assertEquals(10, history.search("round" + round + " batch", 10).size(), ack);
                    }
                    case "pending" -> assertTrue(history.latest("mine", 1000).stream()
                            .anyMatch(e -> e.messageId().equals("p" + round)), ack);
                    case "sent" -> assertTrue(history.latest("mine", 1000).stream()
                            .anyMatch(e -> e.messageId().equals("p" + round) && e.seq() != null
                                    && e.seq() == round), ack);
                    default -> throw new AssertionError(ack);
                }
            }
        }
    }

    /**
     * Writes as the client does: a batch received, then a message of the user's pending and sent,
     * printing "ack ..." after each write returns, until killed.
     */
    static final class WriteUntilKilled {
        public static void main(String[] args) {
            History history = History.open(Path.of(args[0]), HexFormat.of().parseHex(args[1]), new FakeClock(T0));
            for (int round = 1; ; round++) {
                List<Entry> batch = new ArrayList<>();
                for (long seq = 1; seq <= BATCH; seq++) {
                    batch.add(received("r" + round, seq, "round" + round + " batch message " + seq));
                }
                history.addReceived(batch);
                ack("received " + round);
                history.addPending(pending("mine", "p" + round, "written in round " + round, T0.plusSeconds(round)));
                ack("pending " + round);
                history.markSent("mine", "p" + round, round, T0.plusSeconds(round));
                ack("sent " + round);
            }
        }

        private static void ack(String what) {
            System.out.print("ack " + what + "\n");
            System.out.flush();
        }
    }
}
