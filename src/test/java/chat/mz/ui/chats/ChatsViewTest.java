package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.skin.VirtualFlow;
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
 * The Chats section in a real window, headless, on the real client core: Ada's desktop shows Bob's
 * message, she answers with Enter and Bob's history has it; his next message appears in the open
 * conversation; search jumps to a message and highlights it; New chat opens and Escape
 * closes it.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatsViewTest {
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    /** How far, in pixels, the row read may move down while the rows above it are laid out. */
    private static final double SLIVER = 40;

    @TempDir
    Path folder;

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private Stage stage;
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;
    private ChatsView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @BeforeEach
    void twoAccountsWithAChat() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
    }

    @AfterEach
    void stop() throws Exception {
        onFx(() -> {
            if (view != null) {
                view.dispose();
            }
            for (Window window : List.copyOf(Window.getWindows())) {
                if (window != stage) {
                    window.hide();
                }
            }
            stage.setScene(null);
            return null;
        });
        world.close();
        background.shutdownNow();
    }

    @Test
    void adaAnswersBobWithEnterAndSeesHisNextMessageArrive(FxRobot robot) throws Exception {
        String chat = bobWritesToAda("Hello Ada, climbing on Sunday?");
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + chat));
        assertTrue(onFx(() -> robot.lookup("#conversation-" + chat).query().getAccessibleText())
                .startsWith("bob, 1 unread"));

        robot.clickOn("#conversation-" + chat);
        waitUntil(() -> messageTexts(robot).contains("Hello Ada, climbing on Sunday?"));
        assertEquals("bob", text(robot, "#chatTitle"));
        waitUntil(() -> onFx(() -> robot.lookup("#composerField").query().isFocused()));

        robot.write("Sure, 10 o'clock");
        robot.push(KeyCode.SHIFT, KeyCode.ENTER);
        robot.write("at the crag.");
        robot.push(KeyCode.ENTER);
        waitUntil(() -> onFx(() -> ((TextInputControl) robot.lookup("#composerField").query()).getText().isEmpty()));
        LoopbackChat.waitFor("bob's history to have it", () -> bob.history().latest(chat, 10).stream()
                .anyMatch(e -> e.text().equals("Sure, 10 o'clock\nat the crag.") && !e.outgoing()));
        waitUntil(() -> messageTexts(robot).contains("Sure, 10 o'clock\nat the crag."));

        LoopbackChat.await(bob.messenger().send(chat, "Great, see you there"));
        waitUntil(() -> messageTexts(robot).contains("Great, see you there"));
        // read while open: the list shows the new message without an unread count
        waitUntil(() -> onFx(() -> robot.lookup("#conversation-" + chat).query().getAccessibleText())
                .matches("bob, [0-9:]+: Great, see you there"));
    }

    @Test
    void aChangedKeyIsAWarningAboveTheConversationUntilTrusted(FxRobot robot) throws Exception {
        String chat = bobWritesToAda("Hi, new laptop!");
        byte[] earlier = new byte[32];
        Arrays.fill(earlier, (byte) 9);
        // ada saw another key for bob before: the one the homeserver vouches for now is a change
        ada.history().rememberContact(bob.userId(), "bob", earlier);
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + chat));
        robot.clickOn("#conversation-" + chat);
        waitUntil(() -> onFx(() -> robot.lookup("#keyChangeBanner").query().isVisible()));
        assertEquals("bob's identity key has changed.", text(robot, "#keyChangeHeadline"));
        assertEquals(onFx(() -> ada.contacts().safetyNumber(ada.history().contact(bob.userId()).orElseThrow())),
                text(robot, "#keyChangeSafetyNumber"));

        robot.clickOn("#keyChangeTrust");
        waitUntil(() -> onFx(() -> !robot.lookup("#keyChangeBanner").query().isVisible()));
        assertTrue(onFx(() -> !robot.lookup("#keyChangeBanner").query().isManaged()), "takes no room once gone");
        assertFalse(ada.history().contact(bob.userId()).orElseThrow().keyChanged());
    }

    @Test
    void searchJumpsToTheMessageAndHighlightsIt(FxRobot robot) throws Exception {
        String chat = bobWritesToAda("the crag is closed on Sunday");
        for (int i = 1; i <= 80; i++) {
            bob.messenger().send(chat, "message number " + i);
        }
        LoopbackChat.await(bob.messenger().sendOutboxNow());
        LoopbackChat.waitFor("all of them at ada's", () -> ada.history().latest(chat, 1).stream()
                .anyMatch(e -> e.text().equals("message number 80")));
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + chat));

        robot.clickOn("#conversationList");
        // Ctrl+F is the main window's (see KeyboardShortcutsTest); it calls this
        onFx(() -> {
            view.focusSearch();
            return null;
        });
        waitUntil(() -> onFx(() -> robot.lookup("#chatSearch").query().isFocused()));
        robot.write("crag");
        waitUntil(() -> exists(robot, "#searchResults .search-cell .search-snippet"));
        String messageId = onFx(() -> ((SearchRow) ((ListView<?>) robot.lookup("#searchResults").query())
                .getItems().get(0)).result().messageId());
        robot.clickOn("#result-" + messageId);

        waitUntil(() -> exists(robot, "#row-" + messageId));
        assertTrue(onFx(() -> robot.lookup("#row-" + messageId).query().getPseudoClassStates().contains(HIGHLIGHTED)));
        assertEquals("bob", text(robot, "#chatTitle"));
        assertTrue(onFx(() -> robot.lookup("#row-" + messageId).query().isVisible()));
        // the highlight fades after a moment
        waitUntil(() -> !onFx(() -> robot.lookup("#row-" + messageId).query().getPseudoClassStates()
                .contains(HIGHLIGHTED)));
    }

    @Test
    void olderMessagesComeInAboveWithoutMovingWhatIsReadAndNewOnesKeepTheBottomPinned(FxRobot robot)
            throws Exception {
        String chat = bobWritesToAda("message number 1");
        for (int i = 2; i <= 120; i++) {
            bob.messenger().send(chat, "message number " + i);
        }
        LoopbackChat.await(bob.messenger().sendOutboxNow());
        LoopbackChat.waitFor("all of them at ada's", () -> ada.history().latest(chat, 1).stream()
                .anyMatch(e -> e.text().equals("message number 120")));
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + chat));
        robot.clickOn("#conversation-" + chat);
        waitUntil(() -> "message number 120".equals(lastVisible(robot)));

        onFx(() -> {
            messageList(robot).scrollTo(0);
            return null;
        });
        waitUntil(() -> messageList(robot).getItems().size() > MessageListViewModel.PAGE + 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertAtTop(robot, "message number 71");

        // scrolled up: an arriving message does not pull the view down
        LoopbackChat.await(bob.messenger().send(chat, "are you there?"));
        waitUntil(() -> onFx(() -> messageList(robot).getItems().stream()
                .anyMatch(r -> r.text().equals("are you there?"))));
        WaitForAsyncUtils.waitForFxEvents();
        assertAtTop(robot, "message number 71");

        // back at the bottom: the next one is shown as it arrives
        onFx(() -> {
            messageList(robot).scrollTo(messageList(robot).getItems().size() - 1);
            return null;
        });
        waitUntil(() -> "are you there?".equals(lastVisible(robot)));
        LoopbackChat.await(bob.messenger().send(chat, "hello?"));
        waitUntil(() -> "hello?".equals(lastVisible(robot)));
    }

    @Test
    void anEncryptedGroupShowsItsMarksAndItsOwnerRotatesTheKeyAndTurnsEncryptionOff(FxRobot robot)
            throws Exception {
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup("Crag",
                List.of(bob.userId()), true)).sessionId();
        for (LoopbackChat.Person person : List.of(ada, bob)) {
            LoopbackChat.waitFor(person.username() + " holds the first key", () -> person.history().roomKeys()
                    .get(group, 1).map(k -> k.confirmed()).orElse(false));
        }
        LoopbackChat.await(bob.messenger().send(group, "sealed for the group"));
        LoopbackChat.await(bob.messenger().send(group, "said in the clear", false));
        LoopbackChat.waitFor("both on ada's device", () -> ada.history().latest(group, 20).stream()
                .filter(e -> e.text().startsWith("sealed for") || e.text().startsWith("said in")).count() == 2);
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + group));
        robot.clickOn("#conversation-" + group);
        waitUntil(() -> messageTexts(robot).contains("said in the clear"));
        assertEquals("End-to-end encrypted and verified", markOf(robot, "sealed for the group"));
        assertEquals("Not encrypted: the homeserver could read this message", markOf(robot, "said in the clear"));
        assertTrue(exists(robot, "#composerEncrypt"), "the composer's toggle in an encrypted group");

        robot.clickOn("#groupSettings");
        waitUntil(() -> exists(robot, "#keyNumber") && text(robot, "#keyNumber").equals("Key 1"));
        assertEquals("ada (owner, you) · 1 device", text(robot, "#member-ada"));
        robot.clickOn("#rotateKey");
        waitUntil(() -> text(robot, "#keyNumber").equals("Key 2"));

        robot.clickOn("#e2eeSwitch");
        waitUntil(() -> exists(robot, "#turnOffQuestion"));
        assertTrue(onFx(() -> ((javafx.scene.control.Toggle) robot.lookup("#e2eeSwitch").query()).isSelected()),
                "still on until confirmed");
        robot.clickOn("#turnOffConfirm");
        waitUntil(() -> text(robot, "#e2eeState").startsWith("Off"));
        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> !exists(robot, "#groupSettingsView"));

        waitUntil(() -> systemLines(robot).stream().anyMatch(t -> t.contains("turned off end-to-end encryption")));
        waitUntil(() -> !exists(robot, "#composerEncrypt"));
        assertEquals("End-to-end encrypted and verified", markOf(robot, "sealed for the group"),
                "what was sealed keeps its lock");
        assertEquals("", markOf(robot, "said in the clear"), "plain is the norm again");
    }

    @Test
    void ownMessagesSentFromAnotherDeviceSayWhichOne(FxRobot robot) throws Exception {
        LoopbackChat.Person phone = world.linkDevice(ada, "Ada's phone");
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup("Crag", List.of(), false))
                .sessionId();
        LoopbackChat.waitFor("the group on the phone", () -> phone.history().session(group).isPresent());
        LoopbackChat.await(ada.messenger().send(group, "written on the desktop"));
        String fromPhone = LoopbackChat.await(phone.messenger().send(group, "written on the phone")).messageId();
        LoopbackChat.waitFor("the phone's message on the desktop", () -> ada.history().latest(group, 20).stream()
                .anyMatch(e -> e.messageId().equals(fromPhone)));
        showView();
        waitUntil(() -> exists(robot, "#conversation-" + group));
        robot.clickOn("#conversation-" + group);
        waitUntil(() -> messageTexts(robot).containsAll(List.of("written on the desktop", "written on the phone")));

        // the name comes from the account's device list, looked up in the background
        waitUntil(() -> "Sent from Ada's phone".equals(sentFromOf(robot, "written on the phone")));
        assertEquals("", sentFromOf(robot, "written on the desktop"), "nothing extra for this device's messages");
        assertTrue(onFx(() -> robot.lookup("#row-" + fromPhone).query().getAccessibleText())
                .contains("written on the phone. Sent from Ada's phone"));
    }

    @Test
    void newChatSaysWhenNobodyHasTheNameAndEscapeClosesIt(FxRobot robot) throws Exception {
        showView();
        robot.clickOn("#newChatButton");
        waitUntil(() -> exists(robot, "#newChatUsername"));
        robot.clickOn("#newChatUsername").write("nobody").push(KeyCode.ENTER);
        waitUntil(() -> !text(robot, "#newChatError").isEmpty());
        assertEquals("There is nobody called “nobody” on this homeserver.", text(robot, "#newChatError"));

        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> !exists(robot, "#newChatUsername"));
    }

    private String bobWritesToAda(String text) throws Exception {
        LoopbackChat.await(bob.contacts().add("ada"));
        String chat = LoopbackChat.await(bob.messenger().conversations().direct(ada.userId())).sessionId();
        LoopbackChat.await(bob.messenger().send(chat, text));
        LoopbackChat.waitFor("ada to have it", () -> ada.history().latest(chat, 200).stream()
                .anyMatch(e -> e.text().equals(text)));
        return chat;
    }

    private void showView() throws Exception {
        onFx(() -> {
            view = new ChatsView(new ChatsViewModel(ada.account(), Platform::runLater, background,
                    Clock.systemDefaultZone()));
            stage.setScene(new Scene(view, 1000, 680));
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static ListView<MessageRow> messageList(FxRobot robot) {
        return (ListView<MessageRow>) robot.lookup("#messageList").query();
    }

    private static VirtualFlow<?> flow(FxRobot robot) {
        return (VirtualFlow<?>) messageList(robot).lookup(".virtual-flow");
    }

    /**
     * The row the user was reading is still at the top: the first row on screen, or the one after a
     * sliver of the row above it (cell heights are estimated until laid out, which moves it by pixels).
     */
    private static void assertAtTop(FxRobot robot, String text) throws Exception {
        onFx(() -> {
            VirtualFlow<?> flow = flow(robot);
            IndexedCell<?> first = flow.getFirstVisibleCell();
            List<MessageRow> rows = messageList(robot).getItems();
            int index = rows.stream().map(MessageRow::text).toList().indexOf(text);
            IndexedCell<?> read = flow.getVisibleCell(index);
            assertTrue(first.getIndex() == index || read != null && read.getLayoutY() < SLIVER,
                    "“" + text + "” at the top, not " + rows.get(first.getIndex()).text());
            return null;
        });
    }

    private static String lastVisible(FxRobot robot) throws Exception {
        return onFx(() -> {
            IndexedCell<?> cell = flow(robot).getLastVisibleCell();
            return cell == null ? null : messageList(robot).getItems().get(cell.getIndex()).text();
        });
    }

    private static List<String> messageTexts(FxRobot robot) throws Exception {
        return onFx(() -> robot.lookup(".message-text").queryAll().stream().map(n -> ((Labeled) n).getText())
                .toList());
    }

    private static List<String> systemLines(FxRobot robot) throws Exception {
        return onFx(() -> robot.lookup(".system-line").queryAll().stream().map(n -> ((Labeled) n).getText())
                .toList());
    }

    /** What the encryption mark beside a message says to a screen reader; empty when it has none. */
    private static String markOf(FxRobot robot, String message) throws Exception {
        return onFx(() -> robot.lookup(".message-cell").queryAll().stream()
                .filter(cell -> cell.lookup(".message-text") instanceof Labeled text && text.getText().equals(message))
                .map(cell -> cell.lookup(".message-mark"))
                .map(mark -> mark.isVisible() ? mark.getAccessibleText() : "").findFirst().orElse(null));
    }

    /** The line saying which of the account's devices sent a message; empty when there is none. */
    private static String sentFromOf(FxRobot robot, String message) throws Exception {
        return onFx(() -> robot.lookup(".message-cell").queryAll().stream()
                .filter(cell -> cell.lookup(".message-text") instanceof Labeled text && text.getText().equals(message))
                .map(cell -> (Labeled) cell.lookup(".message-sent-from"))
                .map(line -> line.isVisible() ? line.getText() : "").findFirst().orElse(null));
    }

    private static boolean exists(FxRobot robot, String query) throws Exception {
        return onFx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
    }

    private static String text(FxRobot robot, String query) throws Exception {
        return onFx(() -> ((Labeled) robot.lookup(query).query()).getText());
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
