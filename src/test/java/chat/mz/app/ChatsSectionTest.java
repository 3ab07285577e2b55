package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.ui.chats.LoopbackChat;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.MainWindow;
import chat.mz.ui.main.MainWindowViewModel;
import chat.mz.ui.main.Section;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Chats section installed in the main window on the real client core: it shows under Chats,
 * a message written there reaches the other account, and its shortcuts open it from any section.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatsSectionTest {
    @TempDir
    Path folder;

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private Stage stage;
    private MainWindow window;
    private AutoCloseable section;
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @BeforeEach
    void twoAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
    }

    @AfterEach
    void stop() throws Exception {
        onFx(() -> {
            if (section != null) {
                section.close();
            }
            window.dispose();
            for (Window open : List.copyOf(Window.getWindows())) {
                if (open != stage) {
                    open.hide();
                }
            }
            return null;
        });
        world.close();
        background.shutdownNow();
    }

    @Test
    void aGroupCreatedInTheMainWindowReachesItsMember(FxRobot robot) throws Exception {
        showWindow();
        waitUntil(() -> exists(robot, "#chatsView"));
        assertEquals("Chats", onFx(() -> ((Labeled) robot.lookup("#sectionTitle").query()).getText()));

        robot.clickOn("#newGroupButton");
        waitUntil(() -> exists(robot, "#newGroupName"));
        robot.clickOn("#newGroupName").write("Climbing");
        robot.clickOn("#newGroupMembers").write("bob");
        robot.push(KeyCode.ENTER);
        waitUntil(() -> !exists(robot, "#newGroupName"));
        waitUntil(() -> "Climbing".equals(onFx(() -> ((Labeled) robot.lookup("#chatTitle").query()).getText())));

        waitUntil(() -> onFx(() -> robot.lookup("#composerField").query().isFocused()));
        robot.write("Who is in?").push(KeyCode.ENTER);
        LoopbackChat.waitFor("bob's history to have it", () -> bob.history().sessions().stream()
                .anyMatch(s -> s.name().equals("Climbing") && "Who is in?".equals(s.lastMessagePreview())));
        String group = bob.history().sessions().stream().filter(s -> s.name().equals("Climbing")).findFirst()
                .orElseThrow().sessionId();
        assertEquals(chat.mz.history.Protection.ENCRYPTED, bob.history().latest(group, 10).stream()
                .filter(e -> e.text().equals("Who is in?")).findFirst().orElseThrow().protection(),
                "a group made in the window is end-to-end encrypted unless its creator says otherwise");
    }

    @Test
    void newChatFromAnotherSectionOpensChatsAndTheDialog(FxRobot robot) throws Exception {
        showWindow();
        waitUntil(() -> exists(robot, "#chatsView"));
        robot.clickOn("#nav-devices");
        waitUntil(() -> "Devices".equals(onFx(() -> ((Labeled) robot.lookup("#sectionTitle").query()).getText())));

        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitUntil(() -> exists(robot, "#newChatUsername"));
        assertEquals("Chats", onFx(() -> ((Labeled) robot.lookup("#sectionTitle").query()).getText()));
    }

    @Test
    void closingTheSectionTakesItsCommandsAway(FxRobot robot) throws Exception {
        showWindow();
        waitUntil(() -> exists(robot, "#chatsView"));
        assertTrue(onFx(() -> window.run(Command.NEW_CHAT)), "New chat is there while the section is");
        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> !exists(robot, "#newChatUsername"));

        onFx(() -> {
            section.close();
            section = null;
            return null;
        });
        assertFalse(onFx(() -> window.run(Command.NEW_CHAT)), "nothing left to start a chat with");
    }

    private void showWindow() throws Exception {
        onFx(() -> {
            window = new MainWindow(stage, new MainWindowViewModel("test",
                    new ConnectionStatusViewModel(Platform::runLater, Clock.systemUTC())));
            section = ChatsSection.install(window, ada.messenger(), ada.contacts(),
                    new DeviceDirectory(ada.connection(), Clock.systemUTC()), Platform::runLater, background);
            window.showMain();
            window.show(Optional.empty());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean exists(FxRobot robot, String query) throws Exception {
        return onFx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
