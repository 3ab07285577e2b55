package chat.mz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An account for the unlock screen, made as a user of the command line would with the packaged
 * launcher: a homeserver ({@code mzchat server}) and {@code mzchat init} against it. The homeserver
 * keeps running, so that the app reaches it while its unlock screen is up, until this is closed.
 */
final class PackagedAccount implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String PASSPHRASE = "package bench passphrase";

    private final Process server;

    private PackagedAccount(Process server) {
        this.server = server;
    }

    static PackagedAccount create(Path launcher, Path serverHome, Path accountHome) throws Exception {
        Process server = new ProcessBuilder(launcher.toString(), "--home", serverHome.toString(), "server",
                "--port", "0").redirectErrorStream(true).start();
        PackagedAccount account = new PackagedAccount(server);
        try {
            String uri = listeningAt(server);
            ProcessBuilder init = new ProcessBuilder(launcher.toString(), "--home", accountHome.toString(), "init",
                    "--server", uri, "--user", "bench").redirectErrorStream(true);
            init.environment().put("MZCHAT_PASSPHRASE", PASSPHRASE);
            Process process = init.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HarnessFailure("mzchat init did not finish within " + LIMIT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new HarnessFailure("mzchat init failed: " + output.get(10, TimeUnit.SECONDS));
            }
            return account;
        } catch (Exception | Error e) {
            account.close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    private static String listeningAt(Process server) throws Exception {
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("listening on ")) {
                        return line.substring("listening on ".length()).strip();
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new HarnessFailure("the packaged homeserver ended without listening:\n" + seen);
        });
        return listening.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
