package chat.mz.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The app as the .deb installs it, without installing it on this machine: the package's files
 * unpacked under a folder, then the class data archive made as its postinst makes it, by the
 * installed launcher with {@code -Xshare:dump}. The archive is made where the app then runs, which
 * is what Java 17 requires of it, so the figures are those of an installed app.
 */
record InstalledDeb(Path app, Duration archiveTook, long archiveBytes) {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    static InstalledDeb unpack(Path deb, Path root) throws Exception {
        run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null);
        Path app = root.resolve("opt").resolve("mzchat");
        Path appDir = app.resolve("lib").resolve("app");
        Path archive = appDir.resolve("mzchat.jsa");
        long started = System.nanoTime();
        run(List.of(app.resolve("bin").resolve("mzchat").toString(), "--version"),
                "-Xshare:dump -XX:SharedClassListFile=" + appDir.resolve("mzchat.classlist")
                        + " -XX:SharedArchiveFile=" + archive);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!Files.isRegularFile(archive)) {
            throw new HarnessFailure("the launcher made no class data archive at " + archive);
        }
        return new InstalledDeb(app, took, Files.size(archive));
    }

    private static void run(List<String> command, String javaToolOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (javaToolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new HarnessFailure(command.get(0) + " did not finish within " + LIMIT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new HarnessFailure(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
