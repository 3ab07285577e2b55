package chat.mz.ui.account;

import chat.mz.ui.DialogWindows;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** "Change passphrase" in its own modal window. */
public final class ChangePassphraseDialog {
    public static final String TITLE = "Change passphrase";

    private ChangePassphraseDialog() {
    }

    /**
     * Opens the dialog over {@code owner}. While the keys are being sealed anew it cannot be closed,
     * so the user sees how it ended. Call on the JavaFX thread.
     *
     * @param owner the window it belongs to, or null for none
     * @return the dialog's stage, already showing
     */
    public static Stage show(Window owner, ChangePassphraseViewModel viewModel) {
        Stage stage = new Stage();
        ChangePassphraseView view = new ChangePassphraseView(viewModel, stage::hide);
        DialogWindows.dress(stage, owner, Modality.WINDOW_MODAL, TITLE, view);
        stage.setOnCloseRequest(event -> {
            if (viewModel.busyProperty().get()) {
                event.consume();
            }
        });
        // hints and errors come and go: the window fits its content, so nothing is cut off
        Runnable fit = () -> {
            view.applyCss();
            view.layout();
            stage.sizeToScene();
        };
        viewModel.errorProperty().addListener((obs, old, now) -> fit.run());
        viewModel.strengthProperty().addListener((obs, old, now) -> fit.run());
        viewModel.noticeProperty().addListener((obs, old, now) -> fit.run());
        viewModel.progressProperty().addListener((obs, old, now) -> fit.run());
        stage.show();
        return stage;
    }
}
