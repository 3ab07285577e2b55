package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.crypto.Argon2Params;
import chat.mz.testing.WindowManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starting mzchat while it runs: the second start is a real process, as from a desktop shortcut; it
 * says so and exits, and the running window comes back from the task bar, in front and focused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecondStartTest {
    @TempDir
    Path home;

    private Application app;
    private Runnable release;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        if (release != null) {
            release.run();
        }
    }

    @Test
    void aSecondStartBringsTheRunningWindowForwardAndExits() throws Exception {
        AppPaths paths = AppPaths.under(home);
        // what launchDesktop does before JavaFX starts, then the app as it starts
        release = DesktopApplication.claimInstance(paths).orElseThrow();
        app = FxToolkit.setupApplication(() -> new DesktopApplication(paths,
                () -> DesktopServices.startLoopbackHomeserver(paths), new Argon2Params(8, 1, 1)));
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(stage::isShowing));

        // the user minimised mzchat and went on with something else
        onFx(() -> {
            stage.setIconified(true);
            WindowManager.loseFocus(stage);
            return null;
        });
        assertTrue(onFx(() -> stage.isIconified() && !stage.isFocused()));

        Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--home", home.toString())
                .redirectErrorStream(true).start();
        second.getOutputStream().close();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second start hung");
        String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, second.exitValue(), said);
        assertEquals(List.of(DesktopApplication.ALREADY_RUNNING), said.lines().toList());

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> !stage.isIconified() && stage.isFocused()));
        assertTrue(onFx(stage::isShowing));
        // the second start opened nothing of its own: no history, no account, no settings written
        assertFalse(Files.exists(paths.settingsFile()), "the second start wrote nothing");
        assertEquals(Optional.empty(), ((DesktopApplication) app).services().unlockedIdentity());
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
