package chat.mz.ui;

import java.net.URL;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The app's dialog windows, dressed alike: the app's style sheet (and any a feature adds), the owner's
 * icons, a title, a fixed size that fits the content, and modal to the owner when there is one.
 */
public final class DialogWindows {
    /** The style sheet every window of the app carries. */
    public static final String APP_STYLESHEET = "/chat/mz/ui/app.css";

    private DialogWindows() {
    }

    /**
     * A new window for {@code content}, modal to {@code owner}, not shown yet; call on the JavaFX
     * thread.
     *
     * @param owner            the window it belongs to, or null for none
     * @param extraStylesheets resource paths of further style sheets, after the app's own
     */
    public static Stage over(Window owner, String title, Parent content, String... extraStylesheets) {
        return dress(new Stage(), owner, Modality.WINDOW_MODAL, title, content, extraStylesheets);
    }

    /**
     * Dresses {@code stage} (not shown yet) for {@code content} over {@code owner} with the given
     * modality, which applies only when there is an owner; returns the stage.
     */
    public static Stage dress(Stage stage, Window owner, Modality modality, String title, Parent content,
                              String... extraStylesheets) {
        Scene scene = new Scene(content);
        addStylesheet(scene, APP_STYLESHEET);
        for (String sheet : extraStylesheets) {
            addStylesheet(scene, sheet);
        }
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(modality);
        }
        if (owner instanceof Stage ownerStage) {
            stage.getIcons().setAll(ownerStage.getIcons());
        }
        stage.setTitle(title);
        stage.setScene(scene);
        stage.setResizable(false);
        return stage;
    }

    private static void addStylesheet(Scene scene, String resource) {
        URL css = DialogWindows.class.getResource(resource);
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
    }
}
