package chat.mz.ui.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The wizard on a real (headless) stage, with a stand-in for the account creation. */
@ExtendWith(ApplicationExtension.class)
class FirstRunViewTest {
    private final List<char[]> passphrases = new ArrayList<>();
    private final List<Optional<URI>> homeservers = new ArrayList<>();
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        FirstRunViewModel viewModel = new FirstRunViewModel((homeserver, username, passphrase, progress) -> {
            homeservers.add(homeserver);
            passphrases.add(passphrase.clone());
            return outcome;
        }, Platform::runLater, Optional.empty(), () -> { });
        stage.setScene(new Scene(new FirstRunView(viewModel), 700, 720));
        stage.show();
    }

    @Test
    void focusStartsOnTheUsernameAndEnterCreatesTheAccountWithTheFieldsCleared(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(() -> focusedId()).equals("username"));
        robot.write("ada");
        robot.type(KeyCode.TAB);
        assertEquals("passphrase", onFx(this::focusedId), "tab goes on to the passphrase");
        robot.write("correct horse battery");
        robot.type(KeyCode.TAB);
        assertEquals("repeatPassphrase", onFx(this::focusedId));
        robot.write("correct horse battery");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(1, passphrases.size());
        assertArrayEquals("correct horse battery".toCharArray(), passphrases.get(0));
        assertEquals(Optional.empty(), homeservers.get(0), "this computer, unless chosen otherwise");
        assertEquals("", onFx(() -> robot.lookup("#passphrase").queryAs(PasswordField.class).getText()));
        assertEquals("", onFx(() -> robot.lookup("#repeatPassphrase").queryAs(PasswordField.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#username").queryAs(TextField.class).isDisabled()), "busy");
        assertTrue(onFx(() -> robot.lookup("#createAccount").queryAs(Button.class).isDisabled()));
        assertEquals("Creating your keys…", onFx(() -> robot.lookup("#progress")
                .queryAs(javafx.scene.control.Label.class).getText()));

        outcome.completeExceptionally(new IllegalStateException("Nope."));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(onFx(() -> robot.lookup("#username").queryAs(TextField.class).isDisabled()));
        assertEquals("Nope.", onFx(() -> robot.lookup("#onboardingError")
                .queryAs(javafx.scene.control.Label.class).getText()));
    }

    @Test
    void theCreateButtonWaitsForMatchingPassphrases(FxRobot robot) throws Exception {
        robot.clickOn("#username").write("ada");
        robot.clickOn("#passphrase").write("correct horse battery");
        robot.clickOn("#repeatPassphrase").write("correct horse");
        assertTrue(onFx(() -> robot.lookup("#createAccount").queryAs(Button.class).isDisabled()));
        assertEquals("The two passphrases differ.", onFx(() -> robot.lookup("#matchHint")
                .queryAs(javafx.scene.control.Label.class).getText()));
        robot.type(KeyCode.ENTER);
        assertTrue(passphrases.isEmpty());
    }

    private String focusedId() {
        Node owner = stage.getScene().getFocusOwner();
        return owner == null || owner.getId() == null ? "" : owner.getId();
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
