package chat.mz.testing;

import java.lang.reflect.Method;
import javafx.stage.Window;

/**
 * What a desktop's window manager does to a window that tests need, and Monocle's headless one does
 * not: it announces focus gained to a window that is given focus, but never focus lost to the one
 * that had it. {@link #loseFocus} delivers that event through JavaFX's own glass window, the way a
 * real window system's event arrives, so the stage's focus and everything bound to it follow.
 */
public final class WindowManager {
    /** Glass's code for "the window lost the focus" ({@code com.sun.glass.events.WindowEvent.FOCUS_LOST}). */
    private static final int FOCUS_LOST = 541;

    private WindowManager() {
    }

    /** As if the user clicked another app. Call on the JavaFX thread. */
    public static void loseFocus(Window window) {
        try {
            Object peer = com.sun.javafx.stage.WindowHelper.getPeer(window);
            Method platformWindow = peer.getClass().getMethod("getPlatformWindow");
            platformWindow.setAccessible(true);
            Object glass = platformWindow.invoke(peer);
            Method notifyFocus = com.sun.glass.ui.Window.class.getDeclaredMethod("notifyFocus", int.class);
            notifyFocus.setAccessible(true);
            notifyFocus.invoke(glass, FOCUS_LOST);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This JavaFX version delivers window events differently", e);
        }
    }
}
