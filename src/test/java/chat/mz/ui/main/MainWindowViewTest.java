package chat.mz.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.client.EventStream;
import chat.mz.client.config.Settings.WindowBounds;
import chat.mz.client.connection.ConnectionState;
import chat.mz.ui.status.ConnectionStatusViewModel;
import chat.mz.ui.status.StatusTone;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window's layout and status bar, on a real (headless) stage, without the app behind it. */
@ExtendWith(ApplicationExtension.class)
class MainWindowViewTest {
    private final EventStream<ConnectionState> states = new EventStream<>();
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        // the app's theme, so the view's CSS resolves the theme's colours as it does in the app
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        ConnectionStatusViewModel status = new ConnectionStatusViewModel(Platform::runLater, Clock.systemUTC());
        status.follow(URI.create("ws://127.0.0.1:41234"), true, states);
        window = new MainWindow(stage, new MainWindowViewModel("1.2.3", status));
        window.show(Optional.empty());
    }

    @AfterEach
    void dispose() throws Exception {
        onFx(() -> {
            window.dispose();
            return null;
        });
    }

    @Test
    void opensTitledWithItsIconsAndNoSmallerThanItsMinimum() throws Exception {
        assertTrue(onFx(stage::isShowing));
        assertEquals("mzchat", onFx(stage::getTitle));
        assertEquals(8, onFx(() -> stage.getIcons().size()));
        assertEquals(MainWindow.MIN_WIDTH, onFx(stage::getMinWidth));
        assertEquals(MainWindow.MIN_HEIGHT, onFx(stage::getMinHeight));
    }

    @Test
    void remembersItsSizeFromBeforeItWasMaximized() throws Exception {
        onFx(() -> {
            stage.setX(120);
            stage.setY(90);
            stage.setWidth(900);
            stage.setHeight(600);
            return null;
        });

        onFx(() -> {
            stage.setMaximized(true);
            // what a window system does on maximizing (the headless one leaves the geometry alone)
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
            return null;
        });

        assertEquals(new WindowBounds(120, 90, 900, 600, true), onFx(window::bounds));
    }

    @Test
    void showsTheAppNameAndAFriendlyEmptyStateForChats(FxRobot robot) throws Exception {
        assertEquals("mzchat", text(robot, "#appName"));
        assertEquals("Chats", text(robot, "#sectionTitle"));
        assertEquals("No conversations yet", text(robot, "#emptyStateTitle"));
        assertEquals("Conversations you start or receive will show up here.", text(robot, "#emptyStateHint"));
        assertEquals("Embedded homeserver · ws://127.0.0.1:41234", text(robot, "#homeserverAddress"));
    }

    @Test
    void clickingDevicesInTheSidebarShowsItsEmptyState(FxRobot robot) throws Exception {
        robot.clickOn("#nav-devices");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("Devices", text(robot, "#sectionTitle"));
        assertEquals("No linked devices yet", text(robot, "#emptyStateTitle"));
    }

    @Test
    void coloursTheDotByTheConnectionState(FxRobot robot) throws Exception {
        Node dot = robot.lookup("#connectionDot").query();

        states.publish(new ConnectionState.Connected());
        waitUntil(() -> "Connected".equals(text(robot, "#connectionStatus")));
        assertEquals(Set.of(pseudo("success")), onFx(() -> toneClasses(dot)));

        states.publish(new ConnectionState.Disconnected("lost", Clock.systemUTC().instant().plusSeconds(5)));
        waitUntil(() -> onFx(() -> toneClasses(dot)).equals(Set.of(pseudo("warning"))));
    }

    @Test
    void countsDownToTheNextAttemptOnItsOwn(FxRobot robot) throws Exception {
        states.publish(new ConnectionState.Disconnected("lost", Clock.systemUTC().instant().plusMillis(2_500)));

        waitUntil(() -> text(robot, "#connectionStatus").startsWith("Disconnected — retrying in "));
        // nothing but the view's own timer moves it on from here
        waitUntil(() -> "Disconnected — retrying in 1 s".equals(text(robot, "#connectionStatus")));
        waitUntil(() -> "Disconnected — retrying now".equals(text(robot, "#connectionStatus")));
    }

    @Test
    void theMenusDisableWhatNoSectionOffersYet(FxRobot robot) throws Exception {
        assertTrue(onFx(() -> item(Command.NEW_CHAT).isDisable()), "no Chats section behind the window");
        assertTrue(onFx(() -> item(Command.LINK_DEVICE).isDisable()));
        assertFalse(onFx(() -> item(Command.KEYBOARD_SHORTCUTS).isDisable()));
        assertFalse(onFx(() -> item(Command.SHOW_DEVICES).isDisable()));
        assertEquals("Ctrl+N", onFx(() -> item(Command.NEW_CHAT).getAccelerator().getDisplayText()));

        onFx(() -> {
            window.setAction(Command.LINK_DEVICE, () -> { });
            return null;
        });
        assertFalse(onFx(() -> item(Command.LINK_DEVICE).isDisable()), "a section filled it in");
    }

    @Test
    void ctrlTwoOpensDevicesAndF1TheShortcuts(FxRobot robot) throws Exception {
        robot.clickOn("#sectionTitle");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        waitUntil(() -> "Devices".equals(text(robot, "#sectionTitle")));

        robot.push(KeyCode.F1);
        waitUntil(() -> robot.lookup("#keyboardShortcuts").tryQuery().isPresent());
        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#keyboardShortcuts").tryQuery().isEmpty());
    }

    @Test
    void theMenusOpenFromTheKeyboard(FxRobot robot) throws Exception {
        robot.clickOn("#sectionTitle");
        // Alt+H opens Help (its mnemonic); the arrow keys and Enter choose Keyboard shortcuts in it
        robot.press(KeyCode.ALT, KeyCode.H).release(KeyCode.H, KeyCode.ALT);
        waitUntil(() -> onFx(() -> menu("menu-help").isShowing()));
        robot.push(KeyCode.DOWN);
        robot.push(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#keyboardShortcuts").tryQuery().isPresent());
        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#keyboardShortcuts").tryQuery().isEmpty());
    }

    @Test
    void aboutShowsTheVersionAndEscapeClosesIt(FxRobot robot) throws Exception {
        assertTrue(onFx(() -> window.run(Command.ABOUT)));
        waitUntil(() -> robot.lookup("#aboutVersion").tryQuery().isPresent());
        assertEquals("Version 1.2.3", text(robot, "#aboutVersion"));

        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#aboutVersion").tryQuery().isEmpty());
    }

    private javafx.scene.control.Menu menu(String id) {
        MenuBar bar = (MenuBar) stage.getScene().lookup("#menuBar");
        return bar.getMenus().stream().filter(menu -> id.equals(menu.getId())).findFirst().orElseThrow();
    }

    private MenuItem item(Command command) {
        MenuBar bar = (MenuBar) stage.getScene().lookup("#menuBar");
        return bar.getMenus().stream().flatMap(menu -> menu.getItems().stream())
                .filter(item -> MainMenuBar.id(command).equals(item.getId())).findFirst().orElseThrow();
    }

    private static String text(FxRobot robot, String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition);
    }

    /** The dot's pseudo-classes that name a tone; exactly one is expected at a time. */
    private static Set<PseudoClass> toneClasses(Node dot) {
        Set<PseudoClass> tones = Arrays.stream(StatusTone.values())
                .map(tone -> pseudo(tone.name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toSet());
        return dot.getPseudoClassStates().stream().filter(tones::contains).collect(Collectors.toSet());
    }

    private static PseudoClass pseudo(String name) {
        return PseudoClass.getPseudoClass(name);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
