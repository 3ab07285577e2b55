package chat.mz.app;

import chat.mz.client.config.AppPaths;
import chat.mz.crypto.Argon2Params;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real desktop app on the headless screen, for tests that go through it as a user does: started
 * on a folder of its own, its account created through the first-run wizard, closed as closing its
 * window closes it.
 */
final class RunningApp implements AutoCloseable {
    static final long PATIENCE_SECONDS = 30;
    /** Stretches passphrases cheaply: the tests are about the app, not about Argon2. */
    static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    static final String PASSPHRASE = "correct horse battery";

    private final FxRobot robot = new FxRobot();
    private DesktopApplication app;
    private Stage stage;

    /** Starts the app on {@code paths}, with an embedded homeserver unless its settings name one. */
    static RunningApp start(AppPaths paths) throws TimeoutException {
        RunningApp running = new RunningApp();
        running.app = (DesktopApplication) FxToolkit.setupApplication(() -> new DesktopApplication(paths,
                () -> DesktopServices.startLoopbackHomeserver(paths), CHEAP));
        running.stage = FxToolkit.toolkitContext().getRegisteredStage();
        return running;
    }

    FxRobot robot() {
        return robot;
    }

    Stage stage() {
        return stage;
    }

    DesktopServices services() {
        return app.services();
    }

    /** Goes through the first-run wizard and waits until the device is logged in. */
    RunningApp createAccount(String username) {
        robot.clickOn("#username").write(username);
        robot.clickOn("#passphrase").write(PASSPHRASE);
        robot.clickOn("#repeatPassphrase").write(PASSPHRASE);
        robot.clickOn("#createAccount");
        return awaitLoggedIn();
    }

    /** Types the passphrase into the unlock screen and waits until the device is logged in. */
    RunningApp unlock() {
        robot.clickOn("#unlockPassphrase").write(PASSPHRASE).type(KeyCode.ENTER);
        return awaitLoggedIn();
    }

    private RunningApp awaitLoggedIn() {
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
        waitFor("the device to log in", () -> services().lastLogin().map(o -> o.loggedIn()).orElse(false));
        // the sidebar's cells are laid out a pulse after the main view appears
        waitFor("the sidebar", () -> visible("#nav-chats"));
        return this;
    }

    /** Presses {@code keys} together and lets go in reverse order, as fingers do. */
    void press(KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    boolean visible(String query) {
        return onFx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
    }

    String text(String query) {
        return onFx(() -> robot.lookup(query).<Labeled>query().getText());
    }

    Optional<String> focusedId() {
        return onFx(() -> Optional.ofNullable(stage.getScene().getFocusOwner()).map(Node::getId));
    }

    /** The section the main window shows, by its title. */
    String section() {
        return text("#sectionTitle");
    }

    static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what, e);
        }
    }

    static <T> T onFx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The JavaFX thread did not answer", e);
        }
    }

    /** Closes the window and stops the app, as closing its last window does. */
    @Override
    public void close() throws TimeoutException {
        FxToolkit.cleanupStages();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app = null;
        }
    }
}
