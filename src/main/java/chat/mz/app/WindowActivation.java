package chat.mz.app;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the app's main window to the front: for a second start of the app, and for a click on a
 * notification. The main window is found among JavaFX's open windows by a mark it carries, so nothing
 * needs to be handed from the launcher to the application object that JavaFX creates.
 */
final class WindowActivation {
    private static final Logger LOG = LoggerFactory.getLogger(WindowActivation.class);

    /** The key of the mark, in the stage's properties. */
    private static final String MAIN_WINDOW = "chat.mz.mainWindow";

    private WindowActivation() {
    }

    /** Marks {@code stage} as the one to bring forward; call on the JavaFX thread. */
    static void markMain(Stage stage) {
        stage.getProperties().put(MAIN_WINDOW, Boolean.TRUE);
    }

    /** Brings the window forward on the JavaFX thread; callable from any thread, before or after the toolkit runs. */
    static void request() {
        try {
            Platform.runLater(WindowActivation::bringForward);
        } catch (IllegalStateException e) {
            // the toolkit is not up yet (the window will open in front anyway) or has already exited
            LOG.debug("No window to bring forward yet");
        }
    }

    /** On the JavaFX thread: restores, shows, raises and focuses the main window. */
    static void bringForward() {
        for (Window window : Window.getWindows()) {
            if (window instanceof Stage stage && Boolean.TRUE.equals(stage.getProperties().get(MAIN_WINDOW))) {
                if (stage.isIconified()) {
                    stage.setIconified(false);
                }
                stage.show();
                stage.toFront();
                stage.requestFocus();
            }
        }
    }
}
