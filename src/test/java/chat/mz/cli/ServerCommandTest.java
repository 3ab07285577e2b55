package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.testing.LiveConnections;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code mzchat} as users do: a separate process, its output, its exit code. */
@Timeout(60)
class ServerCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (ws://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path home;

    @Test
    void theServerPrintsItsAddressServesAndStopsCleanlyOnSigterm() throws Exception {
        Process server = mzchat("--home", home.toString(), "server", "--port", "0");
        try {
            String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher matcher = LISTENING.matcher(String.valueOf(line));
            assertTrue(matcher.matches(), "first line: " + line);
            URI uri = URI.create(matcher.group(1));
            assertTrue(Integer.parseInt(matcher.group(2)) > 0);

            try (HomeserverConnection client = LiveConnections.open(uri)) {
                SyncMailboxResult result = LiveConnections.await(client.call(Methods.SYNC_MAILBOX,
                        SyncMailboxParams.poll(MailboxSessionId.random(new SecureRandom()), MailboxSide.INITIATOR,
                                false)));
                assertFalse(result.hasPayload());
                assertTrue(result.expiresAt() > System.currentTimeMillis());
            }

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server stops on SIGTERM");
            Path log = home.resolve("logs/homeserver.log");
            String logged = Files.readString(log);
            assertTrue(logged.contains("listening on " + uri), logged);
            assertTrue(logged.contains("Homeserver stopped"), "it shut down through its own close: " + logged);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aTakenPortIsAPlainErrorAndExitCodeOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Process second = mzchat("--home", home.toString(), "server", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), err);
            assertTrue(err.contains("mzchat: The homeserver could not listen on 127.0.0.1:" + taken.getLocalPort()), err);
            assertFalse(err.contains("\tat "), "no stack trace for a user's mistake: " + err);
        }
    }

    @Test
    void versionAndUsageErrors() throws Exception {
        Process version = mzchat("--version");
        assertTrue(version.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, version.exitValue());
        assertTrue(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .matches("mzchat \\S+\\R"));

        Process wrong = mzchat("server", "--port", "seventy");
        assertTrue(wrong.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, wrong.exitValue());
        assertTrue(new String(wrong.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("--port"));
    }

    private Process mzchat(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the app's own logging configuration, not the tests' console-only one
        command.add("-Dlogback.configurationFile=logback.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("chat.mz.app.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MZCHAT_HOME");
        return builder.start();
    }
}
