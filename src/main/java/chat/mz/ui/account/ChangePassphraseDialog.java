package chat.mz.ui.account;

import java.net.URL;
import javafx.scene.Scene;
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
        Scene scene = new Scene(view);
        URL css = ChangePassphraseDialog.class.getResource("/chat/mz/ui/app.css");
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        if (owner instanceof Stage ownerStage) {
            stage.getIcons().setAll(ownerStage.getIcons());
        }
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setResizable(false);
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
