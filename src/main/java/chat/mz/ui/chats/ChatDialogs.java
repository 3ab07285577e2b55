package chat.mz.ui.chats;

import chat.mz.ui.DialogWindows;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The small modal windows of the Chats section: themed like the app, closed by Escape or when done. */
final class ChatDialogs {
    private ChatDialogs() {
    }

    static Stage show(Window owner, String title, Parent content, ObservableBooleanValue done) {
        Stage stage = DialogWindows.over(owner, title, content, "/chat/mz/ui/chats.css");
        Scene scene = stage.getScene();
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                stage.hide();
            }
        });
        done.addListener((obs, was, now) -> {
            if (now) {
                stage.hide();
            }
        });
        stage.show();
        return stage;
    }

    /** A label that wraps its text and grows to show all of it, with {@code id} for tests. */
    static Label wrapped(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }
}
