package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.sync.HistoryTransfers;
import chat.mz.history.Entry;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a linked device of an account whose desktop runs in this test (a real
 * loopback homeserver, real keys): it takes the history the desktop offers, what it sends shows on
 * the desktop marked with it, and what the desktop sends shows in its {@code receive}.
 */
@Timeout(240)
class LinkedDeviceCommandsTest {
    private static final String PASSPHRASE = "the command line's own passphrase";

    @TempDir
    Path root;
    @TempDir
    Path home;

    private MessagingWorld world;
    private CliRunner cli;
    private final ScheduledExecutorService linking = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() {
        world = new MessagingWorld(root);
        cli = new CliRunner(180);
    }

    @AfterEach
    void tearDown() throws Exception {
        cli.close();
        linking.shutdownNow();
        world.close();
    }

    @Test
    void aLinkedCommandLineTakesTheHistoryAndSendsAndReceivesAsTheAccount() throws Exception {
        User desk = world.register("ada");
        User bob = world.register("bob");
        String session = desk.messenger().conversations().createGroup("Crag", List.of(bob.userId()), true)
                .get(30, TimeUnit.SECONDS).sessionId();
        MessagingWorld.await("bob has the group", 30, () -> bob.history().session(session).isPresent());
        for (int i = 1; i <= 3; i++) {
            bob.messenger().send(session, "before the phone " + i).get(30, TimeUnit.SECONDS);
        }
        MessagingWorld.await("the desktop has them", 30, () -> desk.history().latest(session, 10).stream()
                .anyMatch(e -> e.text().equals("before the phone 3")));

        DeviceAdding adding = new DeviceAdding(desk.connection(), desk.identity(), Clock.systemUTC(),
                new SecureRandom(), linking);
        String url = adding.start().toCompletableFuture().get(30, TimeUnit.SECONDS).url();
        CompletableFuture<CliRunner.Run> link = cli.start(env(), null, "--home", home.toString(), "link", url,
                "--name", "Ada's phone");
        adding.approval().toCompletableFuture().get(60, TimeUnit.SECONDS).approve();
        String phoneId = adding.added().get(60, TimeUnit.SECONDS).device().certificate().body().deviceId();
        CliRunner.Run linked = link.get(120, TimeUnit.SECONDS);
        assertEquals(0, linked.exit(), linked.toString());
        assertTrue(linked.out().contains("history: taken when the other device offers it"), linked.out());

        desk.messenger().historySharing().offer(phoneId, HistoryTransfers.DEFAULT_WINDOW).get(30, TimeUnit.SECONDS);
        CliRunner.Run received = cli.run(env(), "--home", home.toString(), "receive", "--wait", "20");
        assertEquals(0, received.exit(), received.toString());
        assertTrue(received.out().contains("\"type\":\"history\"") && received.out().contains("\"state\":\"done\""),
                received.out());
        CliRunner.Run shown = cli.run(env(), "--home", home.toString(), "history", session);
        assertEquals(0, shown.exit(), shown.toString());
        for (int i = 1; i <= 3; i++) {
            assertTrue(shown.out().contains("before the phone " + i), shown.out());
        }

        CliRunner.Run sent = cli.run(env(), "--home", home.toString(), "send", "--session", session, "sent from the phone");
        assertEquals(0, sent.exit(), sent.toString());
        MessagingWorld.await("the desktop shows it", 30, () -> desk.history().latest(session, 20).stream()
                .anyMatch(e -> e.text().equals("sent from the phone")));
        Entry onDesk = desk.history().latest(session, 20).stream()
                .filter(e -> e.text().equals("sent from the phone")).findFirst().orElseThrow();
        assertTrue(onDesk.outgoing(), "the account's own message");
        assertEquals(phoneId, onDesk.senderDeviceId(), "marked with the device that sent it");

        desk.messenger().send(session, "sent from the desktop").get(30, TimeUnit.SECONDS);
        CliRunner.Run later = cli.run(env(), "--home", home.toString(), "receive", "--wait", "20");
        assertEquals(0, later.exit(), later.toString());
        assertTrue(later.out().lines().anyMatch(line -> line.contains("\"text\":\"sent from the desktop\"")
                && line.contains("\"sender_device_id\":\"" + desk.identity().deviceId() + "\"")
                && line.contains("\"protection\":\"encrypted\"")), later.out());
    }

    private static Map<String, String> env() {
        return Map.of("MZCHAT_PASSPHRASE", PASSPHRASE);
    }
}
