package chat.mz.ui.main;

import atlantafx.base.theme.Styles;
import chat.mz.ui.DialogWindows;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Help → About mzchat: the app's name, icon and version. Enter or Escape closes it. */
public final class AboutView extends VBox {
    public static final String TITLE = "About mzchat";

    AboutView(MainWindowViewModel viewModel, Image logo, Runnable close) {
        getStyleClass().add("about");
        setId("about");
        setSpacing(8);
        setAlignment(Pos.CENTER);

        ImageView icon = new ImageView(logo);
        icon.setFitWidth(64);
        icon.setFitHeight(64);
        icon.setAccessibleText("mzchat's icon");
        Label name = new Label(viewModel.title());
        name.getStyleClass().addAll(Styles.TITLE_3);
        Label version = new Label(viewModel.versionText());
        version.setId("aboutVersion");
        version.getStyleClass().add(Styles.TEXT_MUTED);
        Label what = new Label("End-to-end encrypted messaging.");
        what.setAccessibleRole(AccessibleRole.TEXT);
        Button done = new Button("Close");
        done.setId("closeAbout");
        done.setDefaultButton(true);
        done.setCancelButton(true);
        done.setOnAction(event -> close.run());
        getChildren().addAll(icon, name, version, what, done);
    }

    /** Opens the dialog over {@code owner}; call on the JavaFX thread. */
    static Stage show(Window owner, MainWindowViewModel viewModel, Image logo) {
        Stage stage = new Stage();
        DialogWindows.dress(stage, owner, Modality.WINDOW_MODAL, TITLE, new AboutView(viewModel, logo, stage::hide));
        stage.show();
        return stage;
    }
}
