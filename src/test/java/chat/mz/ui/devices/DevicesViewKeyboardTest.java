package chat.mz.ui.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import chat.mz.testing.FakeClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
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

/** The Devices view without a mouse, on a device list in memory. */
@ExtendWith(ApplicationExtension.class)
class DevicesViewKeyboardTest {
    private final FakeDeviceAccount account = new FakeDeviceAccount("desk-1");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        account.records.add(DeviceRecord.listed("desk-1", "Ada's desktop", "linux", "AAAA BBBB",
                Instant.parse("2026-01-02T09:00:00Z"), true));
        account.records.add(DeviceRecord.listed("phone-2", "Ada's phone", "android", "3F2A 9C1B",
                Instant.parse("2026-03-04T10:00:00Z"), true));
        DevicesViewModel viewModel = new DevicesViewModel(account, Platform::runLater, Runnable::run, new FakeClock());
        stage.setScene(new Scene(new DevicesView(viewModel), 700, 500));
        stage.show();
    }

    @Test
    void tabReachesRevokeAndEscapeCancelsTheConfirmation(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Node revoke = robot.lookup("#revoke-phone-2").query();
        for (int i = 0; i < 5 && !onFx(revoke::isFocused); i++) {
            robot.type(KeyCode.TAB);
        }
        assertTrue(onFx(revoke::isFocused), "Tab reaches the phone's Revoke button");

        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> robot.lookup("#revokeConfirmation").query().isVisible()));
        assertTrue(onFx(() -> robot.lookup("#cancelRevoke").query().isFocused()), "the safe choice has the focus");

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(onFx(() -> robot.lookup("#revokeConfirmation").query().isVisible()));
        assertEquals(List.of(), account.revoked);
    }

    @Test
    void confirmingFromTheKeyboardRevokesThePhone(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#revoke-phone-2");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> robot.lookup("#cancelRevoke").query().isFocused()));

        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        assertTrue(onFx(() -> robot.lookup("#confirmRevoke").query().isFocused()));
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(() -> !account.revoked.isEmpty()));

        assertEquals(List.of("phone-2"), account.revoked);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(5, TimeUnit.SECONDS);
    }
}
