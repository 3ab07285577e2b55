package chat.mz.app;

import static chat.mz.app.RunningApp.onFx;
import static chat.mz.app.RunningApp.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.client.config.AppPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.Toggle;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Every button a screen reader meets has a name: walking the real app's screens (the first run,
 * Chats with a conversation open, Devices, Settings, the link dialog, the shortcuts dialog), any
 * button, toggle, menu button or link that shows no text must carry accessible text, and a tooltip
 * for those who see only its icon.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AccessibleControlsTest {
    @TempDir
    Path home;
    @TempDir
    Path server;

    private ChatPartners partners;
    private RunningApp app;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.close();
        }
        if (partners != null) {
            partners.close();
        }
    }

    @Test
    void theCheckFindsAnIconOnlyButtonWithoutAName() {
        List<String> found = onFx(() -> unnamed(new HBox(new javafx.scene.control.Button(null, new Circle(4)))));
        assertEquals(2, found.size(), found.toString());
    }

    @Test
    void everyButtonOnEveryScreenHasAName() throws Exception {
        partners = new ChatPartners(server);
        AppPaths paths = AppPaths.under(home);
        partners.configure(paths);
        app = RunningApp.start(paths);
        waitFor("the first-run wizard", () -> app.visible("#firstRun"));
        assertEquals(List.of(), unnamed("#firstRun"), "the first-run wizard");
        app.createAccount("ada");

        String adaId = app.services().unlockedIdentity().orElseThrow().userId();
        String chat = partners.writes("bob", "ada", adaId, "climbing on Sunday?");
        waitFor("bob's conversation", () -> app.visible("#conversation-" + chat));
        app.robot().clickOn("#conversation-" + chat);
        waitFor("the conversation open", () -> app.visible("#composer"));
        waitFor("its message", () -> app.visible("#messageList .message-bubble")
                || app.visible(".message-bubble"));
        assertEquals(List.of(), unnamed("#mainWindow"), "Chats with a conversation open");

        app.press(KeyCode.CONTROL, KeyCode.DIGIT2);
        waitFor("Devices", () -> app.visible("#devicesView") && app.visible("#linkDeviceButton"));
        assertEquals(List.of(), unnamed("#mainWindow"), "Devices");

        app.press(KeyCode.CONTROL, KeyCode.DIGIT3);
        waitFor("Settings", () -> app.visible("#settingsView"));
        assertEquals(List.of(), unnamed("#mainWindow"), "Settings");

        app.press(KeyCode.CONTROL, KeyCode.L);
        waitFor("the link dialog's code", () -> app.visible("#qrCode") && app.visible("#copyLink"));
        assertEquals(List.of(), unnamed("#linkDevice"), "the link dialog");
        app.press(KeyCode.ESCAPE);
        waitFor("the link dialog to close", () -> !app.visible("#linkDevice"));

        app.press(KeyCode.F1);
        waitFor("the shortcuts dialog", () -> app.visible("#keyboardShortcuts"));
        assertEquals(List.of(), unnamed("#keyboardShortcuts"), "the shortcuts dialog");
        app.press(KeyCode.ESCAPE);
    }

    private List<String> unnamed(String root) {
        return onFx(() -> {
            Parent parent = app.robot().lookup(root).query();
            parent.applyCss();
            parent.layout();
            return unnamed(parent);
        });
    }

    /** The shown controls under {@code node} that a screen reader could not name, or that lack a tooltip. */
    private static List<String> unnamed(Node node) {
        List<String> found = new ArrayList<>();
        collect(node, found);
        return found;
    }

    private static void collect(Node node, List<String> found) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled control && (node instanceof ButtonBase || node instanceof Toggle)) {
            boolean showsText = control.getText() != null && !control.getText().isBlank()
                    && control.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY;
            boolean named = control.getAccessibleText() != null && !control.getAccessibleText().isBlank();
            if (!showsText && !named) {
                found.add(describe(control) + " has neither text nor accessible text");
            }
            if (!showsText && control.getTooltip() == null) {
                found.add(describe(control) + " shows no text and has no tooltip");
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, found));
        }
    }

    private static String describe(Node node) {
        return node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                + node.getStyleClass();
    }
}
