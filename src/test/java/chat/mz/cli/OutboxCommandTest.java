package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A message written while the homeserver is away waits in the outbox and goes out with the next receive. */
@Timeout(600)
class OutboxCommandTest {
    private static final Map<String, String> PASSPHRASE = Map.of("MZCHAT_PASSPHRASE", "a long and silly passphrase");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path ada;
    @TempDir
    Path bob;
    @TempDir
    Path serverData;

    private final CliRunner cli = new CliRunner(180);
    private Homeserver server;

    @AfterEach
    void stop() {
        cli.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keptWhileOfflineAndSentByTheNextReceive() throws Exception {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData), "test");
        int port = server.uri().getPort();
        CompletableFuture<CliRunner.Run> adaInit = cli.start(PASSPHRASE, null, "--home", ada.toString(), "init",
                "--server", server.uri().toString(), "--user", "ada");
        CompletableFuture<CliRunner.Run> bobInit = cli.start(PASSPHRASE, null, "--home", bob.toString(), "init",
                "--server", server.uri().toString(), "--user", "bob");
        assertEquals(0, adaInit.join().exit(), adaInit.join().toString());
        assertEquals(0, bobInit.join().exit(), bobInit.join().toString());
        CliRunner.Run first = cli.run(PASSPHRASE, "--home", ada.toString(), "send", "--to", "bob", "first");
        assertEquals(0, first.exit(), first.toString());
        String direct = field(first.out(), "session_id");

        server.close();
        server = null;
        CliRunner.Run offline = cli.run(PASSPHRASE, "--home", ada.toString(), "send", "--session", direct,
                "written offline");
        assertEquals(SendCommand.KEPT_IN_OUTBOX, offline.exit(), offline.toString());
        assertTrue(offline.err().startsWith("mzchat: Could not reach the homeserver"), offline.err());
        assertTrue(offline.err().strip().endsWith("The message is kept in the outbox and will be sent by the next "
                + "\"mzchat send\" or \"mzchat receive\"."), offline.err());
        assertTrue(offline.out().isBlank(), offline.toString());
        CliRunner.Run unknownOffline = cli.run(PASSPHRASE, "--home", ada.toString(), "send", "--to", "cyd", "hi");
        assertEquals(1, unknownOffline.exit(), unknownOffline.toString());
        assertTrue(unknownOffline.err().contains("the message was not kept"), unknownOffline.err());
        CliRunner.Run history = cli.run(PASSPHRASE, "--home", ada.toString(), "history", direct);
        assertEquals(0, history.exit(), history.toString());
        List<String> pending = history.out().lines().toList();
        assertEquals("written offline\tpending", pending.get(pending.size() - 1).split("\t", 3)[2], pending.toString());

        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", port).withDataDir(serverData),
                "test");
        CliRunner.Run flushed = cli.run(PASSPHRASE, "--home", ada.toString(), "receive");
        assertEquals(0, flushed.exit(), flushed.toString());
        JsonNode sent = JSON.readTree(flushed.out().lines().filter(line -> line.contains("\"sent\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no sent line in:\n" + flushed.out())));
        assertEquals(direct, sent.get("session_id").asText());
        assertEquals(Long.parseLong(field(first.out(), "seq")) + 1, sent.get("seq").asLong());

        CliRunner.Run received = cli.run(PASSPHRASE, "--home", bob.toString(), "receive");
        assertEquals(0, received.exit(), received.toString());
        List<String> texts = received.out().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).filter(j -> j.get("type").asText().equals("message")).map(j -> j.get("text").asText()).toList();
        assertEquals(List.of("first", "written offline"), texts);
    }

    private static String field(String out, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.+)$").matcher(out);
        assertTrue(matcher.find(), "no " + name + " in:\n" + out);
        return matcher.group(1).strip();
    }
}
