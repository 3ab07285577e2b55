package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.crypto.Argon2Params;
import chat.mz.identity.KeystoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
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
 * Changing the passphrase from the desktop app, through its dialog, on the real keystore file: a
 * wrong current passphrase changes nothing; then the new passphrase unlocks the keys and the old one
 * no longer does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChangePassphraseTest {
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    private static final String OLD = "correct horse battery";
    private static final String NEW = "a brand new and longer passphrase";

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private Application app;

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
    void theNewPassphraseUnlocksAndTheOldOneNoLongerDoes() throws Exception {
        AppPaths paths = AppPaths.under(home);
        app = FxToolkit.setupApplication(() -> new DesktopApplication(paths,
                () -> DesktopServices.startLoopbackHomeserver(paths), CHEAP));
        robot.clickOn("#username").write("ada");
        robot.clickOn("#passphrase").write(OLD);
        robot.clickOn("#repeatPassphrase").write(OLD);
        robot.clickOn("#createAccount");
        waitFor("the main view", () -> robot.lookup("#mainWindow").tryQuery().isPresent());
        waitFor("the Devices entry", () -> robot.lookup("#nav-devices").tryQuery().map(Node::isVisible).orElse(false));
        robot.clickOn("#nav-devices");
        waitFor("the button", () -> robot.lookup("#changePassphraseButton").tryQuery().map(Node::isVisible)
                .orElse(false));
        LocalIdentity local = new LocalIdentity(paths.data());
        byte[] before = Files.readAllBytes(local.keystoreFile());

        robot.clickOn("#changePassphraseButton");
        waitFor("the dialog", () -> robot.lookup("#currentPassphrase").tryQuery().map(Node::isVisible).orElse(false));
        assertEquals("Change passphrase", onFx(() -> Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.Stage s && "Change passphrase".equals(s.getTitle()))
                .map(w -> ((javafx.stage.Stage) w).getTitle()).findFirst().orElse("")));

        // a wrong current passphrase: said plainly, nothing written
        waitFor("the focus in the first field", () -> onFx(() -> robot.lookup("#currentPassphrase").query()
                .isFocused()));
        robot.clickOn("#currentPassphrase").write("not my passphrase");
        robot.clickOn("#newPassphrase").write(NEW);
        assertEquals("Strong", text("#newPassphraseStrength"));
        robot.clickOn("#repeatNewPassphrase").write(NEW).type(KeyCode.ENTER);
        waitFor("the refusal", () -> "The current passphrase is wrong. Nothing was changed."
                .equals(text("#changePassphraseError")));
        assertArrayEquals(before, Files.readAllBytes(local.keystoreFile()));
        assertEquals("", onFx(() -> robot.lookup("#currentPassphrase").queryAs(
                javafx.scene.control.PasswordField.class).getText()), "the fields are cleared after each try");

        robot.clickOn("#currentPassphrase").write(OLD);
        robot.clickOn("#newPassphrase").write(NEW);
        robot.clickOn("#repeatNewPassphrase").write(NEW).type(KeyCode.ENTER);
        waitFor("the success", () -> "Passphrase changed.".equals(text("#changePassphraseNotice")));
        assertEquals("Close", text("#changePassphraseCancel"));
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(local.keystoreFile())));

        robot.type(KeyCode.ESCAPE);
        waitFor("the dialog to close", () -> robot.lookup("#changePassphrase").tryQuery().isEmpty());

        try (UnlockedIdentity unlocked = local.unlock(NEW.toCharArray())) {
            assertEquals("ada", unlocked.username());
        }
        KeystoreException refused = assertThrows(KeystoreException.class, () -> local.unlock(OLD.toCharArray()));
        assertEquals(KeystoreException.Reason.WRONG_PASSPHRASE, refused.reason());
        assertTrue(((DesktopApplication) app).services().unlockedIdentity().isPresent(), "the app stays unlocked");
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what + "; the dialog says \""
                    + quietly("#changePassphraseError") + "\" / \"" + quietly("#changePassphraseProgress") + "\"", e);
        }
    }

    private String quietly(String query) {
        try {
            return robot.lookup(query).tryQuery().isPresent() ? text(query) : "(none)";
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private String text(String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
