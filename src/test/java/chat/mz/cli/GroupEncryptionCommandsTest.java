package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end-encrypted groups from the command line: two accounts on a real homeserver, every
 * command a process of its own, what each side prints and its exit code checked.
 */
@Timeout(600)
class GroupEncryptionCommandsTest {
    private static final String PASSPHRASE = "a long and silly passphrase";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path homes;
    @TempDir
    static Path serverData;

    private static Homeserver server;
    private static CliRunner cli;
    private static User ada;
    private static User bob;

    /** An account on its own home folder. */
    private record User(String name, Path home) {
        String[] args(String... command) {
            return Stream.concat(Stream.of("--home", home.toString()), Arrays.stream(command))
                    .toArray(String[]::new);
        }

        CliRunner.Run run(String... command) {
            return cli.run(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), args(command));
        }

        CompletableFuture<CliRunner.Run> start(String... command) {
            return cli.start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), null, args(command));
        }
    }

    @BeforeAll
    static void accounts() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData), "test");
        cli = new CliRunner(180);
        ada = new User("ada", homes.resolve("ada"));
        bob = new User("bob", homes.resolve("bob"));
        List<CompletableFuture<CliRunner.Run>> inits = Stream.of(ada, bob)
                .map(u -> u.start("init", "--server", server.uri().toString(), "--user", u.name())).toList();
        inits.forEach(init -> assertEquals(0, init.join().exit(), init.join().toString()));
    }

    @AfterAll
    static void stop() {
        if (cli != null) {
            cli.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A new group of ada (owner) and bob; bob has received everything about it so far. */
    private static String group(String name, boolean e2ee) {
        List<String> create = new ArrayList<>(List.of("group", "create", name, "--member", "bob"));
        if (e2ee) {
            create.add("--e2ee");
        }
        String id = succeeds(ada.run(create.toArray(String[]::new))).out().strip();
        assertTrue(SESSION_ID.matcher(id).matches(), id);
        succeeds(bob.run("receive"));
        return id;
    }

    @Test
    void encryptedMessagesAreMarkedAndPlainOnesInAnEncryptedGroupToo() {
        String crag = group("Crag", true);
        CliRunner.Run sent = succeeds(ada.run("send", "--session", crag, "Meet at the crag at nine"));
        assertEquals("encrypted", field(sent.out(), "protection"));
        CliRunner.Run clear = succeeds(ada.run("send", "--session", crag, "--plain", "The car park is full"));
        assertEquals("plain", field(clear.out(), "protection"));

        List<JsonNode> messages = messages(succeeds(bob.run("receive")).out(), crag);
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("Meet at the crag at nine", messages.get(0).get("text").asText());
        assertEquals("encrypted", messages.get(0).get("protection").asText());
        assertTrue(messages.get(0).get("encrypted_conversation").asBoolean());
        assertEquals("The car park is full", messages.get(1).get("text").asText());
        assertEquals("plain", messages.get(1).get("protection").asText());
        assertTrue(messages.get(1).get("encrypted_conversation").asBoolean());

        List<String> bobsHistory = succeeds(bob.run("history", crag)).out().lines().toList();
        assertEquals(List.of("ada", "[encrypted] Meet at the crag at nine", "received"),
                cells(bobsHistory.get(bobsHistory.size() - 2)));
        assertEquals(List.of("ada", "[not encrypted] The car park is full", "received"),
                cells(bobsHistory.get(bobsHistory.size() - 1)));
        assertTrue(bobsHistory.stream().filter(line -> line.endsWith("\tsystem"))
                .noneMatch(line -> line.contains("[")), "system lines have no marker: " + bobsHistory);
        List<String> adasHistory = succeeds(ada.run("history", crag)).out().lines().toList();
        assertEquals(List.of("ada", "[encrypted] Meet at the crag at nine", "sent"),
                cells(adasHistory.get(adasHistory.size() - 2)));

        // in a group without encryption, messages are in the clear and carry no marker
        String plain = group("Plain", false);
        assertEquals("plain", field(succeeds(ada.run("send", "--session", plain, "No secrets here")).out(),
                "protection"));
        JsonNode inTheClear = messages(succeeds(bob.run("receive")).out(), plain).get(0);
        assertEquals("plain", inTheClear.get("protection").asText());
        assertFalse(inTheClear.get("encrypted_conversation").asBoolean());
        List<String> plainHistory = succeeds(bob.run("history", plain)).out().lines().toList();
        assertEquals(List.of("ada", "No secrets here", "received"),
                cells(plainHistory.get(plainHistory.size() - 1)));
    }

    @Test
    void aMessageThatCouldNotBeOpenedShowsAsUnreadableWithItsExplanation() throws Exception {
        String ledge = group("Ledge", true);
        String explanation = "⚠ This message was changed on the way or not signed by the device it claims.";
        UnlockedIdentity identity = new LocalIdentity(bob.home().resolve("data")).unlock(PASSPHRASE.toCharArray());
        byte[] key = identity.historyKey();
        try (identity; History history = History.open(bob.home().resolve("data").resolve(CliAccount.HISTORY_FILE),
                key, Clock.systemUTC())) {
            String adaId = history.members(ledge).stream().filter(m -> m.username().equals("ada")).findFirst()
                    .orElseThrow().userId();
            Instant now = Instant.now();
            assertTrue(history.addReceived(new Entry(ledge, 1_000L, "AAAAAAAAAAAAAAAAAAAAAA", adaId, null, "ada",
                    Entry.Kind.TEXT, explanation, now, now, false, DeliveryState.DELIVERED, Protection.UNREADABLE)));
        }
        List<String> history = succeeds(bob.run("history", ledge)).out().lines().toList();
        assertEquals(List.of("ada", "[unreadable] " + explanation, "received"),
                cells(history.get(history.size() - 1)));
    }

    @Test
    void onlyTheOwnerTurnsEncryptionOffAndOnAndEveryoneSeesIt() {
        String wall = group("Wall", true);
        CliRunner.Run notOwner = bob.run("group", "e2ee", wall, "off");
        assertEquals(1, notOwner.exit(), notOwner.toString());
        assertEquals("mzchat: Only the conversation's owner may do that.", notOwner.err().strip(),
                notOwner.toString());
        assertTrue(notOwner.out().isBlank(), notOwner.toString());

        assertEquals("End-to-end encryption is off in " + wall + ". New messages can be read by the homeserver.",
                succeeds(ada.run("group", "e2ee", wall, "off")).out().strip());
        // bob has not received the change yet: his message goes in the clear all the same
        assertEquals("plain", field(succeeds(bob.run("send", "--session", wall, "Heard you")).out(),
                "protection"));
        assertEquals("plain", field(succeeds(ada.run("send", "--session", wall, "Now in the clear")).out(),
                "protection"));
        List<JsonNode> bobSees = jsonLines(succeeds(bob.run("receive")).out());
        assertTrue(bobSees.stream().anyMatch(j -> j.get("type").asText().equals("system")
                && j.get("text").asText().startsWith("ada turned off end-to-end encryption")), bobSees.toString());
        List<String> bobsHistory = succeeds(bob.run("history", wall)).out().lines().toList();
        assertTrue(bobsHistory.stream().anyMatch(line -> cells(line).get(0).equals("*")
                && cells(line).get(1).startsWith("ada turned off end-to-end encryption")), bobsHistory.toString());
        assertEquals(List.of("ada", "Now in the clear", "received"), cells(bobsHistory.get(bobsHistory.size() - 1)),
                "in the clear in a group whose encryption is off: no marker");

        CliRunner.Run notOwnerOn = bob.run("group", "e2ee", wall, "on");
        assertEquals(1, notOwnerOn.exit(), notOwnerOn.toString());
        assertEquals("End-to-end encryption is on in " + wall + " (room key 2).",
                succeeds(ada.run("group", "e2ee", wall, "on")).out().strip());
        assertEquals("encrypted", field(succeeds(ada.run("send", "--session", wall, "Sealed again")).out(),
                "protection"));
        JsonNode sealed = messages(succeeds(bob.run("receive")).out(), wall).get(0);
        assertEquals("Sealed again", sealed.get("text").asText());
        assertEquals("encrypted", sealed.get("protection").asText());

        CliRunner.Run neither = ada.run("group", "e2ee", wall, "maybe");
        assertEquals(2, neither.exit(), neither.toString());
    }

    @Test
    void anyMemberReplacesTheKeyAndTheNextMessageIsStillRead() {
        String slab = group("Slab", true);
        assertEquals("Replaced the room key of " + slab + ": now key 2.",
                succeeds(bob.run("group", "rotate", slab)).out().strip());

        // ada's device has yet to receive key 2: her message waits in the outbox for it
        CliRunner.Run waits = ada.run("send", "--session", slab, "After the new key");
        assertEquals(SendCommand.KEPT_IN_OUTBOX, waits.exit(), waits.toString());
        assertTrue(waits.err().contains("replaced the conversation's room key (now key 2)")
                && waits.err().contains("mzchat receive"), waits.toString());
        List<JsonNode> adaSees = jsonLines(succeeds(ada.run("receive")).out());
        assertTrue(adaSees.stream().anyMatch(j -> j.get("type").asText().equals("system")
                && j.get("text").asText().equals("bob replaced the room key (key 2).")), adaSees.toString());
        assertTrue(adaSees.stream().anyMatch(j -> j.get("type").asText().equals("sent")
                && j.get("session_id").asText().equals(slab)), "the key came, the message went: " + adaSees);

        List<JsonNode> messages = messages(succeeds(bob.run("receive")).out(), slab);
        assertEquals(1, messages.size(), messages.toString());
        assertEquals("After the new key", messages.get(0).get("text").asText());
        assertEquals("encrypted", messages.get(0).get("protection").asText());

        // whoever replaced it sends under the new key at once
        assertEquals("Replaced the room key of " + slab + ": now key 3.",
                succeeds(ada.run("group", "rotate", slab)).out().strip());
        assertEquals("encrypted", field(succeeds(ada.run("send", "--session", slab, "Under key three")).out(),
                "protection"));
        JsonNode underThree = messages(succeeds(bob.run("receive")).out(), slab).get(0);
        assertEquals("Under key three", underThree.get("text").asText());
        assertEquals("encrypted", underThree.get("protection").asText());

        String plain = group("Boulders", false);
        CliRunner.Run off = ada.run("group", "rotate", plain);
        assertEquals(1, off.exit(), off.toString());
        assertEquals("mzchat: End-to-end encryption is off in this conversation.", off.err().strip(), off.toString());
    }

    @Test
    void settingsShowAndChangeTheRotationPeriod() {
        String arete = group("Arete", true);
        String shown = succeeds(ada.run("group", "settings", arete)).out();
        assertEquals("on", field(shown, "encryption"));
        assertEquals("1", field(shown, "room_key"), "the first key is made with the group");
        assertTrue(field(shown, "key_age").matches("\\d+[smhd]"), shown);
        assertEquals("none", field(shown, "rotation"));
        assertEquals("no rotation period", field(shown, "next_rotation"));

        assertEquals("Changed the encryption settings of " + arete + ": rotation every 1h.",
                succeeds(ada.run("group", "settings", arete, "--rotation", "1h")).out().strip());
        shown = succeeds(bob.run("group", "settings", arete)).out();
        assertEquals("1h", field(shown, "rotation"));
        Instant due = Instant.parse(field(shown, "next_rotation"));
        assertTrue(due.isAfter(Instant.now().plus(Duration.ofMinutes(50)))
                && due.isBefore(Instant.now().plus(Duration.ofMinutes(61))), shown);

        String before = field(shown, "new_members_read_history");
        String flipped = before.equals("yes") ? "false" : "true";
        succeeds(ada.run("group", "settings", arete, "--new-members-read-history", flipped));
        assertEquals(flipped.equals("true") ? "yes" : "no",
                field(succeeds(ada.run("group", "settings", arete)).out(), "new_members_read_history"));

        CliRunner.Run notOwner = bob.run("group", "settings", arete, "--rotation", "7d");
        assertEquals(1, notOwner.exit(), notOwner.toString());
        assertEquals("mzchat: Only the conversation's owner may do that.", notOwner.err().strip(),
                notOwner.toString());

        // one out of range, one not a duration; the parsing itself has no homeserver to it
        for (String bad : List.of("30s", "2w")) {
            CliRunner.Run refused = ada.run("group", "settings", arete, "--rotation", bad);
            assertEquals(2, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("--rotation"), refused.toString());
            assertTrue(refused.out().isBlank(), refused.toString());
            assertTrue(!bad.equals("30s") || refused.err().contains("outside 1 minute to 366 days"), refused.toString());
        }
        assertEquals("1h", field(succeeds(ada.run("group", "settings", arete)).out(), "rotation"),
                "nothing changed by the refused ones");

        succeeds(ada.run("group", "settings", arete, "--rotation", "none"));
        shown = succeeds(ada.run("group", "settings", arete)).out();
        assertEquals("none", field(shown, "rotation"));
        assertEquals("no rotation period", field(shown, "next_rotation"));

        String plain = succeeds(ada.run("group", "settings", group("Traverse", false))).out();
        assertEquals("off", field(plain, "encryption"));
        assertEquals("0", field(plain, "room_key"));
    }

    private static CliRunner.Run succeeds(CliRunner.Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private static List<JsonNode> jsonLines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + line, e);
            }
        }
        return lines;
    }

    /** The message lines about this session, in order. */
    private static List<JsonNode> messages(String out, String sessionId) {
        return jsonLines(out).stream().filter(j -> j.get("type").asText().equals("message")
                && j.get("session_id").asText().equals(sessionId)).toList();
    }

    /** A history line's sender, text and state (the time left out). */
    private static List<String> cells(String historyLine) {
        String[] cells = historyLine.split("\t");
        assertEquals(4, cells.length, historyLine);
        return List.of(cells).subList(1, 4);
    }

    private static String field(String out, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.+)$").matcher(out);
        assertTrue(matcher.find(), "no " + name + " in:\n" + out);
        return matcher.group(1).strip();
    }
}
