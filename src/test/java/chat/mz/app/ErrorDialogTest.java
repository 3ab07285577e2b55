package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.cli.LogSetup;
import chat.mz.client.config.AppPaths;
import chat.mz.crypto.Argon2Params;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An error nobody caught, in the running desktop app: one dialog in plain words with the log's
 * place, details to copy, and no second dialog for the next error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorDialogTest {
    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private Application app;
    private Thread.UncaughtExceptionHandler before;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws TimeoutException {
        FxToolkit.cleanupStages();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void anErrorOnTheUiThreadOpensOneDialogThatCopiesItsDetails() throws Exception {
        AppPaths paths = AppPaths.under(home);
        before = Thread.getDefaultUncaughtExceptionHandler();
        app = FxToolkit.setupApplication(() -> new DesktopApplication(paths,
                () -> DesktopServices.startLoopbackHomeserver(paths), new Argon2Params(8, 1, 1)));
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(stage::isShowing));

        Platform.runLater(() -> {
            throw new IllegalStateException("the conversation list lost its rows");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#errorDialog").tryQuery()
                .isPresent()));
        assertEquals("Something went wrong", text("#errorTitle"));
        assertTrue(text("#errorExplanation").contains("Your messages and keys are safe."));
        assertEquals(LogSetup.logFile(paths).toString(),
                onFx(() -> robot.lookup("#errorLogFile").queryAs(TextField.class).getText()));
        assertEquals(List.of(stage), onFx(() -> dialogs().stream().map(w -> ((Stage) w).getOwner()).toList()),
                "the dialog belongs to the main window");

        robot.clickOn("#copyErrorDetails");
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertTrue(copied.contains("java.lang.IllegalStateException: the conversation list lost its rows"), copied);
        assertTrue(copied.startsWith("mzchat " + Version.current() + "\nOS: "), copied);
        assertTrue(copied.contains("Java: " + System.getProperty("java.version")), copied);

        // the next one, from another thread, goes into the same dialog
        Thread worker = new Thread(() -> {
            throw new IllegalArgumentException("a second problem");
        }, "some-worker");
        worker.start();
        worker.join();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("#errorCount").isEmpty());
        assertEquals("It happened once more since this opened.", text("#errorCount"));
        assertEquals(1, onFx(() -> dialogs().size()), "one dialog, however many errors");

        robot.clickOn("#closeError");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(() -> dialogs().isEmpty()));
        // closed, the next problem opens it again
        Platform.runLater(() -> {
            throw new IllegalStateException("once more");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> dialogs().size() == 1));

        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
        app = null;
        assertEquals(before, Thread.getDefaultUncaughtExceptionHandler(), "the app put back the handler it replaced");
    }

    private static List<Window> dialogs() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot().getId() != null
                        && w.getScene().getRoot().getId().equals("errorDialog"))
                .toList();
    }

    private String text(String query) throws Exception {
        return onFx(() -> ((Labeled) robot.lookup(query).query()).getText());
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
