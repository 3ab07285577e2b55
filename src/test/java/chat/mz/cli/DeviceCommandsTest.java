package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.qr.QrCode;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linking, listing and revoking devices from the command line, as users run it: real processes on
 * two homes (the authorized device and the new one), a real homeserver, output and exit codes.
 */
@Timeout(180)
class DeviceCommandsTest {
    private static final String PASSPHRASE_A = "a long and silly passphrase";
    private static final String PASSPHRASE_B = "the phone's own passphrase";
    private static final Pattern LINK = Pattern.compile("(?m)^link: (http://\\S+)$");
    private static final Pattern CHECK_CODE = Pattern.compile("(?m)^check_code: (\\d{3} \\d{3})$");
    private static final Pattern DEVICE_ID = Pattern.compile("(?m)^device_id: ([A-Za-z0-9_-]+)$");

    @TempDir
    Path homeA;
    @TempDir
    Path homeB;
    @TempDir
    Path homeC;
    @TempDir
    Path serverData;
    @TempDir
    Path files;

    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final List<Process> processes = new ArrayList<>();
    private Homeserver server;

    @BeforeEach
    void startServer() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(serverData), "test");
    }

    @AfterEach
    void stopServer() {
        processes.forEach(Process::destroyForcibly);
        server.close();
        readers.shutdownNow();
    }

    @Test
    void addLinkListLoginRevoke() throws Exception {
        Instant began = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Run init = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home", homeA.toString(), "init",
                "--server", server.uri().toString(), "--user", "ada").done.join();
        assertEquals(0, init.exit, init.toString());
        Matcher desktopIdLine = DEVICE_ID.matcher(init.out);
        assertTrue(desktopIdLine.find(), init.out);
        String desktopId = desktopIdLine.group(1);

        // the authorized device shows a link (and its QR code), and waits
        Path qr = files.resolve("a.png");
        Started adding = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home", homeA.toString(), "devices",
                "add", "--yes", "--qr-out", qr.toString(), "--timeout", "90");
        String url = adding.linkLine.get(60, TimeUnit.SECONDS);
        assertEquals(url, QrCode.decode(qr), "the QR code carries the printed link");

        Run link = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_B), "--home", homeB.toString(), "link", url,
                "--name", "Test phone").done.join();
        assertEquals(0, link.exit, link.toString());
        Run added = adding.done.join();
        assertEquals(0, added.exit, added.toString());
        String code = group(CHECK_CODE, link.out);
        assertEquals(code, group(CHECK_CODE, added.out), "both devices show the same check code");
        assertTrue(added.out.contains("device_name: Test phone"), added.out);
        assertTrue(added.out.contains("Linked the device \"Test phone\" to \"ada\"."), added.out);
        assertTrue(link.out.contains("Linked this device to the account \"ada\" as \"Test phone\""), link.out);
        String phoneId = group(DEVICE_ID, link.out);
        assertEquals(phoneId, group(DEVICE_ID, added.out));

        // side by side: list, the phone logs in, a second device links from the QR picture, and refusals
        Path qr2 = files.resolve("c.png");
        CompletableFuture<Run> listing = start(Map.of(), "--home", homeA.toString(), "devices", "list").done;
        CompletableFuture<Run> phoneLogin = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_B), "--home",
                homeB.toString(), "login").done;
        CompletableFuture<Run> phoneAdds = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_B), "--home",
                homeB.toString(), "devices", "add", "--yes").done;
        CompletableFuture<Run> askNobody = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home",
                homeA.toString(), "devices", "add").done;
        CompletableFuture<Run> revokeSelf = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home",
                homeA.toString(), "devices", "revoke", desktopId).done;
        Started adding2 = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home", homeA.toString(), "devices",
                "add", "--yes", "--qr-out", qr2.toString(), "--timeout", "90");
        adding2.linkLine.get(60, TimeUnit.SECONDS);
        Run link2 = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_B), "--home", homeC.toString(), "link",
                "--qr-image", qr2.toString(), "--name", "Tablet").done.join();
        assertEquals(0, link2.exit, link2.toString());
        Run added2 = adding2.done.join();
        assertEquals(0, added2.exit, added2.toString());
        assertEquals(group(CHECK_CODE, link2.out), group(CHECK_CODE, added2.out));

        Run list = listing.join();
        assertEquals(0, list.exit, list.toString());
        assertTrue(list.out.contains("Test phone"), list.out);
        assertTrue(list.out.lines().anyMatch(line -> line.startsWith(phoneId) && line.contains("Test phone")),
                list.out);
        assertTrue(list.out.lines().anyMatch(line -> line.startsWith(desktopId) && line.endsWith("(this device)")),
                list.out);
        // without a passphrase nothing logs in, so there is no last seen, and the list says how to get it
        assertTrue(list.out.contains("Last seen needs this device to log in: set MZCHAT_PASSPHRASE or run with "
                + "--login."), list.out);
        assertFalse(list.out.contains("online now"), list.out);
        Run login = phoneLogin.join();
        assertEquals(0, login.exit, login.toString());
        assertTrue(login.out.contains("as \"ada\" on the device \"Test phone\""), login.out);
        Run refusedAdd = phoneAdds.join();
        assertEquals(1, refusedAdd.exit, refusedAdd.toString());
        assertTrue(refusedAdd.err.startsWith("mzchat: Only the account's authorized device"), refusedAdd.err);
        Run noTerminal = askNobody.join();
        assertEquals(1, noTerminal.exit, noTerminal.toString());
        assertTrue(noTerminal.err.startsWith("mzchat: There is no terminal to ask"), noTerminal.err);
        Run refusedSelf = revokeSelf.join();
        assertEquals(1, refusedSelf.exit, refusedSelf.toString());
        assertTrue(refusedSelf.err.startsWith("mzchat: A device cannot revoke itself"), refusedSelf.err);

        Run revoke = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home", homeA.toString(), "devices",
                "revoke", phoneId, "--reason", "lost").done.join();
        assertEquals(0, revoke.exit, revoke.toString());
        assertTrue(revoke.out.contains("Revoked the device \"Test phone\""), revoke.out);

        CompletableFuture<Run> revokedLogin = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_B), "--home",
                homeB.toString(), "login").done;
        CompletableFuture<Run> listAfter = start(Map.of("MZCHAT_PASSPHRASE", PASSPHRASE_A), "--home",
                homeA.toString(), "devices", "list").done;
        Run refused = revokedLogin.join();
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("revoked"), refused.err);
        assertFalse(refused.err.contains("\tat "), "a plain sentence, no stack trace: " + refused.err);
        Run after = listAfter.join();
        assertEquals(0, after.exit, after.toString());
        assertTrue(after.out.lines().anyMatch(line -> line.startsWith(phoneId) && line.contains("revoked")
                && line.contains("(lost)")), after.out);
        assertTrue(after.out.contains("Tablet"), after.out);
        // with the passphrase it logs in: itself online, the revoked phone last seen when its login ended
        assertFalse(after.out.contains("Last seen needs"), after.out);
        assertTrue(after.out.lines().anyMatch(line -> line.startsWith(desktopId) && line.contains("online now")),
                after.out);
        Matcher phoneLine = Pattern.compile("(?m)^" + Pattern.quote(phoneId)
                + "\\s+-\\s+-\\s+-\\s+(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}) UTC\\s+revoked ").matcher(after.out);
        assertTrue(phoneLine.find(), after.out);
        Instant lastSeen = LocalDateTime.parse(phoneLine.group(1).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        assertFalse(lastSeen.isBefore(began), lastSeen + " is before the test began (" + began + ")");
        assertFalse(lastSeen.isAfter(Instant.now()), lastSeen + " is in the future");
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), "no " + pattern + " in:\n" + text);
        return matcher.group(1);
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    /** A running command: its {@code link:} line as soon as it prints one, and how it ended. */
    private record Started(CompletableFuture<String> linkLine, CompletableFuture<Run> done) {
    }

    /** Starts {@code mzchat args} with {@code env} added. */
    private Started start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("chat.mz.app.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MZCHAT_HOME");
        builder.environment().remove("MZCHAT_PASSPHRASE");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        processes.add(process);
        CompletableFuture<String> linkLine = new CompletableFuture<>();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    text.append(line).append('\n');
                    Matcher matcher = LINK.matcher(line);
                    if (matcher.matches()) {
                        linkLine.complete(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            linkLine.completeExceptionally(new AssertionError("no link line in:\n" + text));
            return text.toString();
        }, readers);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), readers);
        CompletableFuture<Run> done = process.onExit().orTimeout(120, TimeUnit.SECONDS).handle((exited, timeout) -> {
            if (timeout != null) {
                process.destroyForcibly();
                throw new AssertionError("mzchat " + String.join(" ", args) + " did not finish");
            }
            return new Run(exited.exitValue(), out.join(), err.join());
        });
        return new Started(linkLine, done);
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
