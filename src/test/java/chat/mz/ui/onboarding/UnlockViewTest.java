package chat.mz.ui.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerLight;
import chat.mz.identity.KeystoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The unlock screen on a real (headless) stage, with a stand-in keystore. */
@ExtendWith(ApplicationExtension.class)
class UnlockViewTest {
    private final List<char[]> tried = new ArrayList<>();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        UnlockViewModel viewModel = new UnlockViewModel(passphrase -> {
            tried.add(passphrase.clone());
            return CompletableFuture.failedFuture(new KeystoreException(KeystoreException.Reason.WRONG_PASSPHRASE,
                    "The passphrase is wrong. Nothing was changed."));
        }, Platform::runLater, "ada", () -> { });
        stage.setScene(new Scene(new UnlockView(viewModel), 600, 480));
        stage.show();
    }

    @Test
    void enterTriesTheTypedPassphraseAndAWrongOneIsExplained(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "unlockPassphrase".equals(onFx(this::focusedId)));
        robot.write("guess").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertArrayEquals("guess".toCharArray(), tried.get(0));
        assertEquals("", onFx(() -> robot.lookup("#unlockPassphrase").queryAs(PasswordField.class).getText()));
        assertEquals("The passphrase is wrong. Nothing was changed.",
                onFx(() -> robot.lookup("#unlockError").queryAs(Label.class).getText()));
        assertEquals("Welcome back, ada", onFx(() -> robot.lookup(".title-2").queryAs(Label.class).getText()));
    }

    private String focusedId() {
        Node owner = stage.getScene().getFocusOwner();
        return owner == null || owner.getId() == null ? "" : owner.getId();
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
