package chat.mz.ui.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import chat.mz.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dialog's keyboard and clipboard behaviour, and the history it shows being sent, on a headless
 * screen with links and history transfers a test moves on.
 */
@ExtendWith(ApplicationExtension.class)
class LinkDeviceViewTest {
    private static final String FINGERPRINT = "3F2A 9C1B 77D0 E4A5 0B6C 12F9 8E3D A047";
    private static final String URL = "http://127.0.0.1:8750/qr/login/AAAAAAAAAAAAAAAAAAAAAAAA#secret";

    private final FakeClock time = new FakeClock();
    private final FakeLinks links = new FakeLinks();
    private final FakeHistoryFeed history = new FakeHistoryFeed();
    private LinkDeviceViewModel viewModel;
    private Stage dialog;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(new StackPane(), 800, 600));
        stage.show();
        viewModel = new LinkDeviceViewModel(links, history, Platform::runLater, time);
        dialog = LinkDeviceDialog.show(stage, viewModel);
    }

    @AfterEach
    void close() throws Exception {
        onFx(() -> {
            dialog.hide();
            return null;
        });
    }

    @Test
    void showsTheCountdownAndCopiesTheLink(FxRobot robot) throws Exception {
        showCode();
        assertEquals("Expires in 5:00", text(robot, "#countdown"));

        robot.clickOn("#copyLink");

        assertEquals(URL, onFx(() -> Clipboard.getSystemClipboard().getString()));
        assertEquals("Copied", text(robot, "#copyLink"));
    }

    @Test
    void enterDoesNotApproveUnlessTheApproveButtonHasTheFocus(FxRobot robot) throws Exception {
        showCode();
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240)));
        waitUntil(() -> robot.lookup("#approve").tryQuery().isPresent());
        assertEquals("482 913", text(robot, "#checkCode"));
        Button approve = robot.lookup("#approve").queryButton();
        assertFalse(onFx(approve::isDefaultButton));
        assertFalse(onFx(approve::isFocused), "approving takes a deliberate choice");
        assertEquals("deny", onFx(() -> dialog.getScene().getFocusOwner().getId()), "the safe answer has the focus");
        assertTrue(onFx(() -> approve.getAccessibleText().startsWith("Approve linking Ada's phone")));

        onFx(() -> {
            approve.requestFocus();
            return null;
        });
        robot.type(KeyCode.ENTER);

        waitUntil(() -> links.last().approvals == 1);
        waitUntil(() -> robot.lookup("#progressMessage").tryQuery().isPresent());
        assertEquals("Linking “Ada's phone”…", text(robot, "#progressMessage"));
    }

    @Test
    void theWholeDeviceFoundStepFitsInTheWindow(FxRobot robot) throws Exception {
        showDeviceFound(robot);

        assertFitsInTheWindow(robot);
        assertEquals("3F2A 9C1B 77D0 E4A5\n0B6C 12F9 8E3D A047", text(robot, "#deviceFingerprint"),
                "four groups a line, the same on every screen");
        assertEquals("Key fingerprint " + FINGERPRINT,
                onFx(() -> robot.lookup("#deviceFingerprint").query().getAccessibleText()));
    }

    @Test
    void theWholeDeviceFoundStepFitsInTheWindowInTheDarkThemeToo(FxRobot robot) throws Exception {
        onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            return null;
        });
        showDeviceFound(robot);

        assertFitsInTheWindow(robot);
    }

    @Test
    void aNameTooLongForOneLineWrapsAndTheButtonsStillFit(FxRobot robot) throws Exception {
        showCode();
        links.last().request.complete(new LinkStarter.Request(
                "Ada's old tablet from the kitchen drawer, the one with the cracked corner", "android", FINGERPRINT,
                "482 913", time.instant().plusSeconds(240)));
        waitUntil(() -> robot.lookup("#approve").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        assertFitsInTheWindow(robot);
        Node name = robot.lookup("#deviceName").query();
        assertTrue(onFx(() -> insideTheScene(name)), "the name is cut off: " + onFx(() -> where(name)));
    }

    @Test
    void aFingerprintIsShownInTwoLinesOfGroups() {
        assertEquals("3F2A 9C1B 77D0 E4A5\n0B6C 12F9 8E3D A047", LinkDeviceView.fingerprintLines(FINGERPRINT));
        assertEquals("3F2A 9C1B\n77D0", LinkDeviceView.fingerprintLines("3F2A 9C1B 77D0"));
        assertEquals("3F2A", LinkDeviceView.fingerprintLines("3F2A"));
    }

    @Test
    void aStrayEnterWhenADeviceIsFoundNeverApprovesIt(FxRobot robot) throws Exception {
        showCode();
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240)));
        waitUntil(() -> robot.lookup("#approve").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        robot.type(KeyCode.ENTER);

        waitUntil(() -> robot.lookup("#failureMessage").tryQuery().isPresent());
        assertEquals(0, links.last().approvals);
        assertEquals(1, links.last().denials);
        assertEquals("You denied the device. It was not linked.", text(robot, "#failureMessage"));
    }

    @Test
    void escapeClosesTheDialogAndCancelsTheLink(FxRobot robot) throws Exception {
        showCode();

        robot.type(KeyCode.ESCAPE);

        waitUntil(() -> !onFx(dialog::isShowing));
        assertEquals(1, links.last().cancels);
    }

    @Test
    void aFailureSaysWhatHappenedAndOffersANewCode(FxRobot robot) throws Exception {
        showCode();
        links.last().request.completeExceptionally(
                chat.mz.client.pairing.LinkException.of(chat.mz.client.pairing.LinkException.Reason.TAMPERED));
        waitUntil(() -> robot.lookup("#failureMessage").tryQuery().isPresent());
        assertEquals("This link was tampered with.", text(robot, "#failureMessage"));

        robot.clickOn("#newCode");

        waitUntil(() -> links.started.size() == 2);
        links.last().code.complete(new LinkStarter.Code(URL, time.instant().plus(Duration.ofMinutes(5))));
        waitUntil(() -> robot.lookup("#qrCode").tryQuery().isPresent());
    }

    @Test
    void onceLinkedTheDialogShowsTheHistoryBeingSentToTheDevice(FxRobot robot) throws Exception {
        showCode();
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240)));
        waitUntil(() -> robot.lookup("#approve").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#approve");
        waitUntil(() -> links.last().approvals == 1);
        links.last().linked.complete(new LinkStarter.NewDevice("phone-1", "Ada's phone"));
        waitUntil(() -> robot.lookup("#linkedTitle").tryQuery().isPresent());
        waitUntil(() -> history.followed().contains("phone-1"));
        assertFalse(onFx(() -> robot.lookup("#history").query().isVisible()), "nothing before an offer");

        // as the client core reports it, off the UI thread
        history.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.RUNNING, 1_200, 10_000));
        waitUntil(() -> onFx(() -> robot.lookup("#history").query().isVisible()));
        assertEquals("Sending your message history to Ada's phone…", text(robot, "#historyMessage"));
        assertEquals("1,200 of 10,000 messages", text(robot, "#historyCount"));
        ProgressBar bar = robot.lookup("#historyProgress").query();
        assertEquals(0.12, onFx(bar::getProgress), 1e-9);
        assertEquals("Sending your message history to Ada's phone… 1,200 of 10,000 messages",
                onFx(bar::getAccessibleText));
        assertTrue(onFx(() -> robot.lookup("#historyHint").query().isVisible()), "closing is fine while it goes");

        history.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.DONE, 10_000, 10_000));
        waitUntil(() -> "Your message history is on Ada's phone.".equals(text(robot, "#historyMessage")));
        assertFalse(onFx(bar::isVisible), "no bar once it is all there");
        assertFalse(onFx(() -> robot.lookup("#historyCount").query().isVisible()));
        assertEquals("Done", text(robot, "#close"));
    }

    /** At "Device found" for a device with a real fingerprint's length, too long for one line beside its label. */
    private void showDeviceFound(FxRobot robot) throws Exception {
        showCode();
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", FINGERPRINT, "482 913",
                time.instant().plusSeconds(240)));
        waitUntil(() -> robot.lookup("#approve").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Deny and Approve, and the fingerprint, in full inside the window: nothing below its bottom edge. */
    private static void assertFitsInTheWindow(FxRobot robot) throws Exception {
        for (String query : new String[] {"#deny", "#approve", "#deviceFingerprint"}) {
            Node node = robot.lookup(query).query();
            assertTrue(onFx(() -> insideTheScene(node)), query + " is cut off: " + onFx(() -> where(node)));
        }
    }

    /** Whether the whole of {@code node} lies inside its scene, which the window shows in full. */
    private static boolean insideTheScene(Node node) {
        Bounds bounds = node.localToScene(node.getBoundsInLocal());
        Scene scene = node.getScene();
        return bounds.getMinX() >= 0 && bounds.getMinY() >= 0
                && bounds.getMaxX() <= scene.getWidth() && bounds.getMaxY() <= scene.getHeight();
    }

    private static String where(Node node) {
        return node.localToScene(node.getBoundsInLocal()) + " in a scene of " + node.getScene().getWidth() + " × "
                + node.getScene().getHeight();
    }

    private void showCode() throws TimeoutException {
        waitUntil(() -> links.started.size() == 1);
        links.last().code.complete(new LinkStarter.Code(URL, time.instant().plus(Duration.ofMinutes(5))));
        waitUntil(() -> onFx(() -> viewModel.stateProperty().get() instanceof LinkDeviceState.ShowingCode));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) throws Exception {
        Labeled labeled = robot.lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
