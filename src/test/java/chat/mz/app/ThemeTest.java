package chat.mz.app;

import static chat.mz.app.RunningApp.onFx;
import static chat.mz.app.RunningApp.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings.Theme;
import chat.mz.client.config.SettingsStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.RadioButton;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Light and dark: chosen in Settings, the whole app changes at once, and the choice is there again
 * at the next start, before the account is even unlocked.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThemeTest {
    @TempDir
    Path home;

    private RunningApp app;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws TimeoutException {
        if (app != null) {
            app.close();
        }
        onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    @Test
    void darkChosenInSettingsRestylesTheAppIsSavedAndComesBackAtTheNextStart() throws Exception {
        AppPaths paths = AppPaths.under(home);
        app = RunningApp.start(paths).createAccount("ada");
        assertEquals(new PrimerLight().getUserAgentStylesheet(), onFx(Application::getUserAgentStylesheet));
        assertTrue(luminance(pixelOf("#content")) > 0.8, "light to begin with");

        app.robot().clickOn("#nav-settings");
        waitFor("the Settings section", () -> app.visible("#settingsView"));
        app.robot().clickOn("#themeDark");

        assertEquals(new PrimerDark().getUserAgentStylesheet(), onFx(Application::getUserAgentStylesheet));
        assertTrue(luminance(pixelOf("#content")) < 0.25, "the content area is dark: " + pixelOf("#content"));
        assertTrue(luminance(pixelOf("#sidebar")) < 0.25, "the sidebar is dark: " + pixelOf("#sidebar"));
        assertTrue(luminance(textColour("#sectionTitle")) > 0.7, "its text is light, so it can be read");
        waitFor("dark in the settings file", () -> savedTheme(paths) == Theme.DARK);
        app.close();

        // the next start: dark from the first screen on, whatever the app showed before
        onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
        app = RunningApp.start(paths);
        assertEquals(new PrimerDark().getUserAgentStylesheet(), onFx(Application::getUserAgentStylesheet));
        assertTrue(luminance(pixelOf("#unlock")) < 0.25, "the unlock screen is dark");
        app.unlock();
        app.robot().clickOn("#nav-settings");
        waitFor("the Settings section", () -> app.visible("#settingsView"));
        assertTrue(onFx(() -> app.robot().lookup("#themeDark").<RadioButton>query().isSelected()));

        app.robot().clickOn("#themeLight");
        assertEquals(new PrimerLight().getUserAgentStylesheet(), onFx(Application::getUserAgentStylesheet));
        assertTrue(luminance(pixelOf("#content")) > 0.8, "light again");
        waitFor("light in the settings file", () -> savedTheme(paths) == Theme.LIGHT);
        app.close();

        onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            return null;
        });
        app = RunningApp.start(paths);
        assertEquals(new PrimerLight().getUserAgentStylesheet(), onFx(Application::getUserAgentStylesheet));
        assertTrue(luminance(pixelOf("#unlock")) > 0.8, "the unlock screen is light");
    }

    private static Theme savedTheme(AppPaths paths) {
        return new SettingsStore(paths.settingsFile()).load().theme();
    }

    /** The colour the screen shows two pixels inside the top-left corner of the node. */
    private Color pixelOf(String query) {
        return onFx(() -> {
            Node node = app.robot().lookup(query).query();
            node.getScene().getRoot().applyCss();
            node.getScene().getRoot().layout();
            WritableImage shot = node.getScene().snapshot(null);
            Bounds bounds = node.localToScene(node.getLayoutBounds());
            return shot.getPixelReader().getColor((int) bounds.getMinX() + 2, (int) bounds.getMinY() + 2);
        });
    }

    private Color textColour(String query) {
        return onFx(() -> (Color) app.robot().lookup(query).<javafx.scene.control.Labeled>query().getTextFill());
    }

    private static double luminance(Color colour) {
        return 0.2126 * colour.getRed() + 0.7152 * colour.getGreen() + 0.0722 * colour.getBlue();
    }
}
