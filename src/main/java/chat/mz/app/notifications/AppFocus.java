package chat.mz.app.notifications;

import java.util.function.BooleanSupplier;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.stage.Window;

/**
 * Whether one of the app's windows has the focus (the main window, or a dialog of it such as "New
 * group"), readable from any thread: the messenger's thread asks for every new message, and JavaFX
 * properties may only be read on the JavaFX thread. It follows the windows as they open and close
 * until {@link #close()}.
 */
public final class AppFocus implements BooleanSupplier, AutoCloseable {
    private final ObservableList<Window> windows = Window.getWindows();
    private final ChangeListener<Boolean> onFocus = (obs, was, now) -> update();
    private final ListChangeListener<Window> onWindows = change -> {
        while (change.next()) {
            change.getRemoved().forEach(window -> window.focusedProperty().removeListener(onFocus));
            change.getAddedSubList().forEach(window -> window.focusedProperty().addListener(onFocus));
        }
        update();
    };
    private volatile boolean focused;

    private AppFocus() {
        windows.forEach(window -> window.focusedProperty().addListener(onFocus));
        windows.addListener(onWindows);
        update();
    }

    /** Starts following the app's windows; call on the JavaFX thread. */
    public static AppFocus follow() {
        return new AppFocus();
    }

    @Override
    public boolean getAsBoolean() {
        return focused;
    }

    /** Stops following the windows; call on the JavaFX thread. */
    @Override
    public void close() {
        windows.removeListener(onWindows);
        windows.forEach(window -> window.focusedProperty().removeListener(onFocus));
    }

    private void update() {
        focused = windows.stream().anyMatch(Window::isFocused);
    }
}
