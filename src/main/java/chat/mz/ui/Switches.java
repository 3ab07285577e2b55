package chat.mz.ui;

import atlantafx.base.controls.ToggleSwitch;
import javafx.scene.AccessibleRole;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * AtlantaFX's {@link ToggleSwitch} answers the mouse only. These make one work like a check box for
 * everyone else: Tab reaches it, Space turns it on or off, and a screen reader hears a check box.
 */
public final class Switches {
    private Switches() {
    }

    /** Makes {@code toggle} reachable with Tab and switchable with Space; returns it. */
    public static ToggleSwitch keyboardOperable(ToggleSwitch toggle) {
        toggle.setFocusTraversable(true);
        toggle.setAccessibleRole(AccessibleRole.CHECK_BOX);
        toggle.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.SPACE && !toggle.isDisabled()) {
                toggle.fire();
                event.consume();
            }
        });
        return toggle;
    }
}
