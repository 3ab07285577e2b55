package chat.mz.app.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code notify-send} found on the PATH and run as a real program: who wrote, never what. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class NotifySendTest {
    @TempDir
    Path folder;

    @Test
    void isFoundOnThePathOnlyWhereItIsAnExecutable() throws Exception {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Path program = script(bin, "exit 0");
        assertEquals(Optional.of(program), NotifySend.find(empty + File.pathSeparator + bin));
        assertEquals(Optional.empty(), NotifySend.find(empty.toString()));
        assertEquals(Optional.empty(), NotifySend.find(null));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.empty(), NotifySend.find(bin.toString()), "not executable");
    }

    @Test
    void showsWhoWroteAndLeavesTheMessageOffItsCommandLine() throws Exception {
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Path said = folder.resolve("said.txt");
        Path program = script(bin, "for a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + said + "'; done");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            new NotifySend(program, background).show(new Notification("c1", "New message from Bob",
                    "the code for the door is 4711"));
        } finally {
            background.shutdown();
            assertTrue(background.awaitTermination(10, TimeUnit.SECONDS));
        }
        List<String> arguments = Files.readAllLines(said);
        assertEquals(List.of("--app-name=mzchat", "--", "New message from Bob", NotifySend.BODY), arguments);
        assertFalse(String.join(" ", arguments).contains("4711"));
    }

    private static Path script(Path bin, String body) throws Exception {
        Path program = bin.resolve("notify-send");
        Files.writeString(program, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return program;
    }
}
