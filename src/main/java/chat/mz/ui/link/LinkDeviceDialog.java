package chat.mz.ui.link;

import chat.mz.ui.DialogWindows;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/** "Link a device" in its own modal window. */
public final class LinkDeviceDialog {
    public static final String TITLE = "Link a device";

    private LinkDeviceDialog() {
    }

    /**
     * Opens the dialog over {@code owner} and starts the first link; closing it (Esc, Close, the
     * window's own close button) cancels a link under way, and stops following a history being sent
     * to a device just linked (which goes on). Call on the JavaFX thread.
     *
     * @param owner the window it belongs to, or null for none
     * @return the dialog's stage, already showing
     */
    public static Stage show(Window owner, LinkDeviceViewModel viewModel) {
        LinkDeviceView view = new LinkDeviceView(viewModel);
        Stage stage = DialogWindows.over(owner, TITLE, view);
        // each step has its own content: the window fits it, so nothing is cut off
        viewModel.stateProperty().addListener((obs, old, state) -> fit(stage, view));
        viewModel.qrCodeProperty().addListener((obs, old, code) -> fit(stage, view));
        viewModel.historyProperty().addListener((obs, old, history) -> {
            // the bar and count come and go with the outcome; a count moving on needs no new size
            if (old == null || history == null || old.outcome() != history.outcome()) {
                fit(stage, view);
            }
        });
        viewModel.closedProperty().addListener((obs, was, closed) -> {
            if (closed) {
                stage.hide();
            }
        });
        // a handler, not setOnHidden: the caller may want its own when the dialog goes
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> {
            view.dispose();
            viewModel.close();
        });
        viewModel.start();
        stage.show();
        return stage;
    }

    /** Sizes the window to the new content, styled first so its preferred size is the real one. */
    private static void fit(Stage stage, LinkDeviceView view) {
        view.applyCss();
        view.layout();
        stage.sizeToScene();
    }
}
