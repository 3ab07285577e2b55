package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.cli.CliRunner.Run;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mzchat init} and {@code mzchat login} run as users run them: processes, output, exit codes. */
@Timeout(90)
class AccountCommandsTest {
    private static final String PASSPHRASE = "a long and silly passphrase";
    private static final Pattern USER_ID = Pattern.compile("(?m)^user_id: ([A-Za-z0-9_-]{22})$");

    @TempDir
    Path home;
    @TempDir
    Path serverData;

    private final CliRunner cli = new CliRunner(60);
    private Homeserver server;

    @BeforeEach
    void startServer() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData), "test");
    }

    @AfterEach
    void stopServer() {
        server.close();
        cli.close();
    }

    @Test
    void initThenLoginAndTheirRefusals() throws Exception {
        Run init = mzchat(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home", home.toString(), "init",
                "--server", server.uri().toString(), "--user", "Ada", "--device-name", "Ada's laptop");
        assertEquals(0, init.exit(), init.toString());
        Matcher created = USER_ID.matcher(init.out());
        assertTrue(created.find(), init.out());
        String userId = created.group(1);
        assertTrue(init.out().contains("Created the account \"ada\" on " + server.uri()), init.out());
        assertTrue(init.out().contains("device_name: Ada's laptop"), init.out());
        Path keystore = home.resolve("data/identity.keystore");
        byte[] sealed = Files.readAllBytes(keystore);

        // independent of each other, so run side by side: each is a JVM that stretches a passphrase
        CompletableFuture<Run> loggingIn = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home", home.toString(),
                "login");
        CompletableFuture<Run> wrongPassphrase = start(Map.of("MZCHAT_PASSPHRASE", "not the passphrase"), "--home",
                home.toString(), "login");
        CompletableFuture<Run> initAgain = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home", home.toString(),
                "init", "--server", server.uri().toString(), "--user", "bob");

        Run login = loggingIn.join();
        assertEquals(0, login.exit(), login.toString());
        assertTrue(login.out().contains("as \"ada\" on the device \"Ada's laptop\""), login.out());
        assertTrue(login.out().contains("user_id: " + userId), login.out());
        assertTrue(login.out().contains("device_list_version: 1"), login.out());

        Run wrong = wrongPassphrase.join();
        assertEquals(1, wrong.exit(), wrong.toString());
        assertEquals("mzchat: The passphrase is wrong. Nothing was changed.", wrong.err().strip());

        Run again = initAgain.join();
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().startsWith("mzchat: This device has an account already"), again.err());
        assertArrayEquals(sealed, Files.readAllBytes(keystore), "the refused init changed nothing");
        assertFalse(again.err().contains("\tat "), "no stack trace for a user's mistake: " + again.err());

        // a new passphrase: a wrong current one changes nothing; then only the new one opens the keystore
        Run refused = mzchat(Map.of("MZCHAT_PASSPHRASE", "not the passphrase", "MZCHAT_NEW_PASSPHRASE",
                "a brand new passphrase"), "--home", home.toString(), "passphrase");
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals("mzchat: The passphrase is wrong. Nothing was changed.", refused.err().strip());
        assertArrayEquals(sealed, Files.readAllBytes(keystore));
        Run changed = mzchat(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE, "MZCHAT_NEW_PASSPHRASE",
                "a brand new passphrase"), "--home", home.toString(), "passphrase");
        assertEquals(0, changed.exit(), changed.toString());
        assertTrue(changed.out().contains("The passphrase was changed."), changed.out());
        CompletableFuture<Run> withOld = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home", home.toString(),
                "login");
        CompletableFuture<Run> withNew = start(Map.of("MZCHAT_PASSPHRASE", "a brand new passphrase"), "--home",
                home.toString(), "login");
        assertEquals(1, withOld.join().exit(), "the old passphrase no longer opens it");
        assertEquals(0, withNew.join().exit(), withNew.join().toString());
    }

    @Test
    void plainRefusalsBeforeAnythingIsCreated(@TempDir Path other) throws Exception {
        CompletableFuture<Run> withoutPassphrase = start(Map.of(), "--home", home.toString(), "init", "--server",
                server.uri().toString(), "--user", "ada");
        CompletableFuture<Run> withBadName = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home",
                home.toString(), "init", "--server", server.uri().toString(), "--user", "a b");
        CompletableFuture<Run> withoutAccount = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE), "--home",
                other.toString(), "login");

        Run noPassphrase = withoutPassphrase.join();
        assertEquals(1, noPassphrase.exit(), noPassphrase.toString());
        assertEquals("mzchat: No passphrase given: set MZCHAT_PASSPHRASE or run mzchat in a terminal to type it.",
                noPassphrase.err().strip());

        Run badName = withBadName.join();
        assertEquals(1, badName.exit(), badName.toString());
        assertTrue(badName.err().startsWith("mzchat: A username has 3 to 32 characters"), badName.err());

        Run noAccount = withoutAccount.join();
        assertEquals(1, noAccount.exit(), noAccount.toString());
        assertEquals("mzchat: There is no account on this device yet. Create one with \"mzchat init\".",
                noAccount.err().strip());
        assertFalse(Files.exists(home.resolve("data/identity.keystore")));
    }

    private Run mzchat(Map<String, String> env, String... args) {
        return cli.run(env, args);
    }

    /** Starts {@code mzchat args} with {@code env} added; the future completes when it has exited. */
    private CompletableFuture<Run> start(Map<String, String> env, String... args) {
        return cli.start(env, null, args);
    }
}
