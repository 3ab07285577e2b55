package chat.mz.app.notifications;

import java.util.function.BooleanSupplier;
import javafx.beans.value.ChangeListener;
import javafx.stage.Window;

/**
 * Whether a window has the focus, readable from any thread: the messenger's thread asks it for every
 * new message, and JavaFX properties may only be read on the JavaFX thread. It follows the window's
 * focus property until {@link #close()}.
 */
public final class WindowFocus implements BooleanSupplier, AutoCloseable {
    private final Window window;
    private final ChangeListener<Boolean> listener;
    private volatile boolean focused;

    private WindowFocus(Window window) {
        this.window = window;
        this.focused = window.isFocused();
        this.listener = (obs, was, now) -> focused = now;
        window.focusedProperty().addListener(listener);
    }

    /** Starts following {@code window}; call on the JavaFX thread. */
    public static WindowFocus follow(Window window) {
        return new WindowFocus(window);
    }

    @Override
    public boolean getAsBoolean() {
        return focused;
    }

    /** Stops following the window; call on the JavaFX thread. */
    @Override
    public void close() {
        window.focusedProperty().removeListener(listener);
    }
}
