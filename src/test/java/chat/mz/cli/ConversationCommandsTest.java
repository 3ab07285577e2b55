package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.history.History;
import chat.mz.history.KeyCheck;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
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
 * Conversations from the command line as users run them: three accounts on a real homeserver,
 * every command a process of its own (so each one opens the keystore and the history anew), output
 * and exit codes checked.
 */
@Timeout(600)
class ConversationCommandsTest {
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
    private static User cyd;
    /** A group of ada (owner) and bob, which cyd is not in. */
    private static String privateGroup;

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

        CliRunner.Run runWithInput(String input, String... command) {
            return cli.runWithInput(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), input, args(command));
        }
    }

    @BeforeAll
    static void accounts() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData), "test");
        cli = new CliRunner(180);
        ada = new User("ada", homes.resolve("ada"));
        bob = new User("bob", homes.resolve("bob"));
        cyd = new User("cyd", homes.resolve("cyd"));
        List<CompletableFuture<CliRunner.Run>> inits = Stream.of(ada, bob, cyd)
                .map(u -> u.start("init", "--server", server.uri().toString(), "--user", u.name())).toList();
        inits.forEach(init -> assertEquals(0, init.join().exit(), init.join().toString()));
        privateGroup = succeeds(ada.run("group", "create", "Private", "--member", "bob")).out().strip();
        assertTrue(SESSION_ID.matcher(privateGroup).matches(), privateGroup);
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

    @Test
    void groupsCreateInviteAcceptJoinApproveDeny() {
        String climbing = succeeds(ada.run("group", "create", "Climbing", "--member", "bob")).out().strip();
        assertTrue(SESSION_ID.matcher(climbing).matches(), climbing);
        assertTrue(succeeds(ada.run("group", "invite", climbing, "cyd")).out().contains("Invited cyd"));

        List<JsonNode> cydSees = jsonLines(succeeds(cyd.run("receive")).out());
        JsonNode invitation = only(cydSees, "invited", climbing);
        assertEquals("Climbing", invitation.get("session_name").asText());
        assertEquals("ada", invitation.get("by").asText());
        assertEquals("invited", row(succeeds(cyd.run("sessions", "list")).out(), climbing)[3]);
        assertTrue(succeeds(cyd.run("group", "accept", climbing)).out().contains("Joined \"Climbing\""));
        String[] cydsRow = row(succeeds(cyd.run("sessions", "list")).out(), climbing);
        assertEquals(List.of("Climbing", "group", "member", "3"), List.of(cydsRow).subList(1, 5));

        // bob's own group: ada and cyd ask to join; ada is let in, cyd is turned down
        String board = succeeds(bob.run("group", "create", "Board")).out().strip();
        CompletableFuture<CliRunner.Run> adaJoins = ada.start("group", "join", board);
        CompletableFuture<CliRunner.Run> cydJoins = cyd.start("group", "join", board);
        assertTrue(succeeds(adaJoins.join()).out().contains("Asked to join " + board));
        succeeds(cydJoins.join());
        List<JsonNode> bobSees = jsonLines(succeeds(bob.run("receive")).out());
        List<String> asking = bobSees.stream().filter(j -> j.get("type").asText().equals("join_request"))
                .peek(j -> assertEquals(board, j.get("session_id").asText()))
                .map(j -> j.get("user").asText()).sorted().toList();
        assertEquals(List.of("ada", "cyd"), asking);
        succeeds(bob.run("group", "approve", board, "ada"));
        succeeds(bob.run("group", "deny", board, "cyd"));

        CompletableFuture<CliRunner.Run> adaReceives = ada.start("receive");
        CompletableFuture<CliRunner.Run> cydReceives = cyd.start("receive");
        assertTrue(only(jsonLines(succeeds(adaReceives.join()).out()), "join_answered", board).get("allowed")
                .asBoolean());
        List<JsonNode> cydAnswered = jsonLines(succeeds(cydReceives.join()).out());
        assertFalse(only(cydAnswered, "join_answered", board).get("allowed").asBoolean());
        assertTrue(cydAnswered.stream().noneMatch(j -> board.equals(j.path("session_id").asText())
                && j.get("type").asText().equals("system")), "cyd sees nothing of the group: " + cydAnswered);

        String bobsList = succeeds(bob.run("sessions", "list")).out();
        assertEquals(List.of("Board", "group", "owner", "2"), List.of(row(bobsList, board)).subList(1, 5));
        assertEquals(List.of("Climbing", "group", "member", "3"), List.of(row(bobsList, climbing)).subList(1, 5));
        String adasList = succeeds(ada.run("sessions", "list")).out();
        assertEquals("member", row(adasList, board)[3]);
        assertEquals("owner", row(adasList, climbing)[3]);
    }

    @Test
    void sendReceiveThenHistoryAndSearchFromNewProcesses() throws Exception {
        CliRunner.Run first = succeeds(ada.run("send", "--to", "bob", "Hi bob, climbing on Saturday?"));
        String direct = field(first.out(), "session_id");
        long firstSeq = Long.parseLong(field(first.out(), "seq"));
        String second = "Bring the rope for climbing\n\tand the chalk";
        CliRunner.Run sent = succeeds(ada.runWithInput(second + "\n", "send", "--session", direct, "-"));
        assertEquals(direct, field(sent.out(), "session_id"));
        assertEquals(firstSeq + 1, Long.parseLong(field(sent.out(), "seq")));

        List<JsonNode> received = jsonLines(succeeds(bob.run("receive")).out());
        List<JsonNode> messages = received.stream().filter(j -> j.get("type").asText().equals("message")
                && j.get("session_id").asText().equals(direct)).toList();
        assertEquals(2, messages.size(), received.toString());
        assertEquals("Hi bob, climbing on Saturday?", messages.get(0).get("text").asText());
        assertEquals(second, messages.get(1).get("text").asText(), "the text exactly, without stdin's last line break");
        assertEquals(firstSeq, messages.get(0).get("seq").asLong());
        assertEquals(firstSeq + 1, messages.get(1).get("seq").asLong());
        for (JsonNode message : messages) {
            assertEquals("ada", message.get("sender").asText());
            Instant at = Instant.parse(message.get("server_time").asText());
            assertTrue(at.isAfter(Instant.now().minusSeconds(600)) && !at.isAfter(Instant.now()), at.toString());
        }
        assertEquals("2", row(succeeds(bob.run("sessions", "list")).out(), direct)[5], "two unread");
        assertTrue(succeeds(bob.run("receive")).out().isBlank(), "everything was acknowledged the first time");

        List<String> history = succeeds(bob.run("history", direct)).out().lines().toList();
        assertEquals(3, history.size(), history.toString());
        assertEquals(List.of("*", "ada started the conversation.", "system"), cells(history.get(0)));
        assertEquals(List.of("ada", "Hi bob, climbing on Saturday?", "received"), cells(history.get(1)));
        assertEquals(List.of("ada", "Bring the rope for climbing\\n\\tand the chalk", "received"),
                cells(history.get(2)));
        assertEquals(messages.get(1).get("server_time").asText().substring(0, 19) + "Z",
                history.get(2).split("\t")[0]);
        assertEquals("0", row(succeeds(bob.run("sessions", "list")).out(), direct)[5], "history marks it read");
        assertEquals(List.of(history.get(2)), succeeds(bob.run("history", direct, "--limit", "1")).out().lines()
                .toList());

        List<String> hits = succeeds(bob.run("search", "CLIMB")).out().lines().toList();
        assertEquals(2, hits.size(), hits.toString());
        assertEquals(List.of(direct, String.valueOf(firstSeq + 1)), List.of(hits.get(0).split("\t")).subList(0, 2),
                "newest first");
        assertEquals(List.of(direct, String.valueOf(firstSeq)), List.of(hits.get(1).split("\t")).subList(0, 2));
        assertEquals("ada", hits.get(1).split("\t")[3]);
        assertEquals("Hi bob, climbing on Saturday?", hits.get(1).split("\t")[4]);
        CliRunner.Run nothing = bob.run("search", "kayak");
        assertEquals(1, nothing.exit(), nothing.toString());
        assertTrue(nothing.out().isBlank(), nothing.toString());

        // bob's device has stored both: ada learns they were delivered
        List<JsonNode> receipts = jsonLines(succeeds(ada.run("receive")).out()).stream()
                .filter(j -> j.get("type").asText().equals("delivered") && j.get("session_id").asText().equals(direct))
                .toList();
        assertEquals(List.of(firstSeq, firstSeq + 1), receipts.stream().map(j -> j.get("seq").asLong()).sorted()
                .toList(), receipts.toString());
        List<String> adasHistory = succeeds(ada.run("history", direct)).out().lines().toList();
        assertEquals(List.of("ada", "Hi bob, climbing on Saturday?", "delivered"), cells(adasHistory.get(1)));
    }

    @Test
    void sendingToASessionOneIsNotIn() {
        refused(cyd.run("send", "--session", privateGroup, "let me in"),
                "You are not a member of this conversation.");
    }

    @Test
    void approvingWithoutTheRight() {
        refused(bob.run("group", "approve", privateGroup, "cyd"), "Only the conversation's owner may do that.");
    }

    @Test
    void acceptingAnInvitationThatDoesNotExist() {
        refused(cyd.run("group", "accept", privateGroup), "There is no invitation to this conversation.");
    }

    @Test
    void anOversizedMessage() {
        // counted in bytes of UTF-8: 5,462 euro signs are 16,386 bytes
        refused(ada.runWithInput("€".repeat(5_462), "send", "--session", privateGroup, "-"),
                "The message is too long (at most 16 KiB of text). Nothing was sent.");
        CliRunner.Run atTheLimit = succeeds(ada.runWithInput("x".repeat(16 * 1024), "send", "--session",
                privateGroup, "-"));
        assertEquals(privateGroup, field(atTheLimit.out(), "session_id"));
    }

    @Test
    void anUnknownSessionId() {
        String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
        refused(ada.run("send", "--session", unknown, "hello?"), "There is no such conversation.");
        refused(ada.run("history", unknown), "There is no conversation " + unknown
                + " on this device. See \"mzchat sessions list\".");
    }

    @Test
    void anUnknownUser() {
        refused(ada.run("send", "--to", "nobody_here", "hello?"),
                "There is no account with that name on this homeserver.");
        refused(ada.run("group", "invite", privateGroup, "nobody_here"),
                "There is no account with that name on this homeserver.");
    }

    @Test
    void aChangedIdentityKeyStopsEverythingUntilTrusted() throws Exception {
        User dan = new User("dan", homes.resolve("dan"));
        CliRunner.Run init = succeeds(dan.run("init", "--server", server.uri().toString(), "--user", "dan"));
        String danId = field(init.out(), "user_id");
        CliRunner.Run first = succeeds(cyd.run("contacts", "add", "dan"));
        assertEquals(danId, field(first.out(), "user_id"));
        assertTrue(field(first.out(), "safety_number").matches("(\\d{5} ){11}\\d{5}"), first.out());
        assertEquals("1", field(first.out(), "devices"));
        assertEquals("new (first seen now)", field(first.out(), "key"));
        String team = succeeds(dan.run("group", "create", "Rope team", "--member", "cyd")).out().strip();
        succeeds(cyd.run("receive"));

        // as if the homeserver had once given cyd another key for dan
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        UnlockedIdentity identity = new LocalIdentity(
                cyd.home().resolve("data")).unlock(PASSPHRASE.toCharArray());
        byte[] key = identity.historyKey();
        try (identity; History history = History.open(
                cyd.home().resolve("data").resolve(CliAccount.HISTORY_FILE), key, Clock.systemUTC())) {
            assertEquals(KeyCheck.CHANGED, history.rememberContact(danId, "dan", otherKey));
            assertTrue(history.acceptKeyChange(danId), "the flag cleared, so the real key is what looks changed");
        }

        CliRunner.Run changed = cyd.run("contacts", "add", "dan");
        assertEquals(3, changed.exit(), changed.toString());
        assertEquals(danId, field(changed.out(), "user_id"));
        assertEquals("CHANGED", field(changed.out(), "key"));
        assertTrue(changed.err().contains("THE IDENTITY KEY OF \"dan\" HAS CHANGED"), changed.err());
        assertTrue(changed.err().contains(field(changed.out(), "safety_number")), changed.err());
        assertTrue(changed.err().lines().count() >= 4, "loud: " + changed.err());

        CliRunner.Run notSent = cyd.run("send", "--to", "dan", "is this really you?");
        assertEquals(3, notSent.exit(), notSent.toString());
        assertTrue(notSent.out().isBlank(), notSent.toString());
        assertTrue(notSent.err().contains("mzchat contacts trust dan"), notSent.err());
        assertTrue(succeeds(cyd.run("contacts", "list")).out().lines()
                .anyMatch(line -> line.startsWith("dan ") && line.contains(" CHANGED ")));
        CliRunner.Run notToTheGroup = cyd.run("send", "--session", team, "hello team");
        assertEquals(3, notToTheGroup.exit(), "a group with dan in it is no different: " + notToTheGroup);
        CliRunner.Run shown = succeeds(cyd.run("history", team));
        assertTrue(shown.err().contains("THE IDENTITY KEY OF \"dan\" HAS CHANGED"), shown.toString());

        assertTrue(succeeds(cyd.run("contacts", "trust", "dan")).out().contains("Trusted the new identity key"));
        assertEquals("unchanged", field(succeeds(cyd.run("contacts", "add", "dan")).out(), "key"));
        succeeds(cyd.run("send", "--to", "dan", "it is you"));
        succeeds(cyd.run("send", "--session", team, "hello team"));
        assertFalse(succeeds(cyd.run("history", team)).err().contains("HAS CHANGED"));
    }

    private static CliRunner.Run succeeds(CliRunner.Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private static void refused(CliRunner.Run run, String sentence) {
        assertEquals(1, run.exit(), run.toString());
        assertEquals("mzchat: " + sentence, run.err().strip(), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }

    private static List<JsonNode> jsonLines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue(node.isObject() && node.has("type"), line);
                lines.add(node);
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + line, e);
            }
        }
        return lines;
    }

    /** The one line of this type about this session. */
    private static JsonNode only(List<JsonNode> lines, String type, String sessionId) {
        List<JsonNode> found = lines.stream().filter(j -> j.get("type").asText().equals(type)
                && sessionId.equals(j.path("session_id").asText())).toList();
        assertEquals(1, found.size(), type + " for " + sessionId + " in " + lines);
        assertNotNull(found.get(0));
        return found.get(0);
    }

    /** The cells of a table's row for this session (split on runs of two or more spaces). */
    private static String[] row(String table, String sessionId) {
        return table.lines().filter(line -> line.startsWith(sessionId + " ")).findFirst()
                .map(line -> line.split(" {2,}"))
                .orElseThrow(() -> new AssertionError("no row for " + sessionId + " in:\n" + table));
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
