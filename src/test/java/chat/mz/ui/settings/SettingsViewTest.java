package chat.mz.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.client.config.Settings;
import chat.mz.client.config.Settings.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Settings section on a headless screen, worked with the keyboard alone. */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
    private final List<Theme> applied = new ArrayList<>();
    private Settings settings = Settings.defaults();
    private final List<Runnable> passphraseDialogs = new ArrayList<>();

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        AppSettings kept = new AppSettings() {
            @Override
            public Settings current() {
                return settings;
            }

            @Override
            public void change(UnaryOperator<Settings> change) {
                settings = change.apply(settings);
            }
        };
        stage.setScene(new Scene(new SettingsView(new SettingsViewModel(kept, applied::add),
                () -> passphraseDialogs.add(() -> { })), 700, 400));
        stage.show();
    }

    @Test
    void theThemeAndTheSwitchAreWorkedWithArrowsTabAndSpace(FxRobot robot) throws Exception {
        onFx(() -> {
            robot.lookup("#themeLight").query().requestFocus();
            return null;
        });

        robot.push(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(Theme.DARK), applied);
        assertEquals(Theme.DARK, settings.theme());

        robot.push(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("notificationsSwitch", focusedId(robot));
        robot.push(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(settings.notifications());

        robot.push(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("settingsChangePassphrase", focusedId(robot));
        robot.push(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, passphraseDialogs.size(), "Change passphrase… opened");

        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        robot.push(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(settings.notifications(), "and back on");
    }

    private static String focusedId(FxRobot robot) throws Exception {
        return onFx(() -> {
            Node focused = robot.lookup("#settingsView").query().getScene().getFocusOwner();
            return focused == null ? null : focused.getId();
        });
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
