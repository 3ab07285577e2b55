package chat.mz.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed app as users get it: the app-image's own launcher and jlinked runtime, started as
 * processes, and the installer built from that image. Run by {@code ./mvnw -Ppackage verify}, which
 * passes where the build put them.
 */
class PackagedAppIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);
    private static final long MIB = 1024 * 1024;

    private final Path launcher = Path.of(required("mzchat.launcher"));
    private final Path jpackageDir = Path.of(required("mzchat.jpackage.dir"));
    private final String version = required("mzchat.version");
    private final String packageVersion = required("mzchat.package.version");

    @Test
    void theLauncherSaysTheProjectsVersion() throws Exception {
        Finished run = run(List.of("--version"), Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("mzchat " + version), run.output());
    }

    @Test
    void theLauncherListsTheCommands() throws Exception {
        Finished run = run(List.of("--help"), Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("init") && run.output().contains("server"), run.output());
    }

    /**
     * A homeserver (WebSocket, H2) and an account made against it (Argon2id, Ed25519 and X25519 keys),
     * both in the bundled runtime: fails if jlink left out a module the app needs, jdk.crypto.ec above all.
     */
    @Test
    void theBundledRuntimeRunsAHomeserverAndMakesAnAccountOnIt(@TempDir Path temp) throws Exception {
        Process server = new ProcessBuilder(launcher.toString(), "--home", temp.resolve("server").toString(),
                "server", "--port", "0").redirectErrorStream(true).start();
        try {
            String uri = awaitListening(server);
            Finished init = run(List.of("--home", temp.resolve("device").toString(), "init", "--server", uri,
                    "--user", "ada"), Map.of("MZCHAT_PASSPHRASE", "correct horse battery staple"));
            assertEquals(0, init.exitCode(), init.output());
            assertTrue(init.output().contains("Created the account \"ada\""), init.output());
            assertTrue(init.output().contains("identity_key: "), init.output());
            try (Stream<Path> data = Files.list(temp.resolve("device").resolve("data"))) {
                assertTrue(data.findAny().isPresent(), "the keystore is in the --home folder");
            }
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void theDebianPackageNamesItsVersionNeedsGtkAndMakesTheClassArchive() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the .deb is built on Linux only");
        List<Path> debs;
        try (Stream<Path> files = Files.list(jpackageDir)) {
            debs = files.filter(file -> file.getFileName().toString().endsWith(".deb")).toList();
        }
        assertEquals(1, debs.size(), "one .deb in " + jpackageDir + ": " + debs);
        Path deb = debs.get(0);
        Finished fields = runTool(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Depends"));
        assertEquals(0, fields.exitCode(), fields.output());
        assertTrue(fields.output().contains("Package: mzchat\n"), fields.output());
        assertTrue(fields.output().contains("Version: " + packageVersion), fields.output());
        String depends = fields.output().lines().filter(line -> line.startsWith("Depends:")).findFirst().orElse("");
        assertTrue(depends.contains("libgtk-3-0"), depends);
        Finished postinst = runTool(List.of("dpkg-deb", "--info", deb.toString(), "postinst"));
        assertTrue(postinst.output().contains("-Xshare:dump") && postinst.output().contains("mzchat.classlist"),
                "the postinst makes the class data archive: " + postinst.output());
        Path image = launcher.getParent().getParent();
        assertTrue(Files.size(image.resolve("lib").resolve("app").resolve("mzchat.classlist")) > 0,
                "the class list is in the image, where the postinst reads it");
        long size = Files.size(deb);
        System.out.printf(Locale.ROOT, "%s: %.1f MB%n", deb.getFileName(), size / (double) MIB);
        // with the runtime inside it is tens of MB; a few MB would mean it is missing
        assertTrue(size > 20 * MIB, "the .deb holds the runtime: " + size + " bytes");
    }

    private record Finished(int exitCode, String output) {
    }

    private Finished run(List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return finish(builder.start());
    }

    private static Finished runTool(List<String> command) throws Exception {
        return finish(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static Finished finish(Process process) throws Exception {
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
        if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new TimeoutException("no exit within " + COMMAND_LIMIT.toSeconds() + " s: " + process.info());
        }
        return new Finished(process.exitValue(), output.get(10, TimeUnit.SECONDS).replace("\r\n", "\n"));
    }

    /** Reads the server's output up to its "listening on ws://..." line. */
    private static String awaitListening(Process server) throws Exception {
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("listening on ")) {
                        return line.substring("listening on ".length()).strip();
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("the homeserver ended without listening:\n" + seen);
        });
        return listening.get(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set: run this through ./mvnw -Ppackage verify");
        }
        return value;
    }
}
