package chat.mz.ui.main;

import atlantafx.base.theme.Styles;
import chat.mz.ui.DialogWindows;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Help → Keyboard shortcuts: the rows of {@link Shortcuts#TABLE}, each what it does and its keys. The
 * list takes the focus, so a screen reader reads each row ("Start a new chat: Ctrl+N") as the arrow
 * keys move through it; Escape closes the dialog.
 */
public final class KeyboardShortcutsView extends VBox {
    public static final String TITLE = "Keyboard shortcuts";
    private static final double ROW_HEIGHT = 38;

    private final ListView<Shortcut> list = new ListView<>();

    /** @param shortcuts the rows to list; the app passes {@link Shortcuts#TABLE} */
    public KeyboardShortcutsView(List<Shortcut> shortcuts, Runnable close) {
        getStyleClass().add("keyboard-shortcuts");
        setId("keyboardShortcuts");
        setSpacing(12);

        Label title = new Label(TITLE);
        title.getStyleClass().add(Styles.TITLE_4);
        title.setAccessibleRole(AccessibleRole.TEXT);

        list.setId("shortcutList");
        list.getItems().setAll(shortcuts);
        list.setAccessibleText(TITLE);
        list.setCellFactory(view -> new ShortcutCell());
        // tall enough for every row: the whole table at a glance, no scrolling
        list.setFixedCellSize(ROW_HEIGHT);
        list.setPrefHeight(shortcuts.size() * ROW_HEIGHT + 4);
        list.setPrefWidth(440);
        VBox.setVgrow(list, Priority.ALWAYS);

        Button done = new Button("Close");
        done.setId("closeShortcuts");
        done.setDefaultButton(true);
        done.setCancelButton(true);
        done.setOnAction(event -> close.run());
        HBox footer = new HBox(done);
        footer.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(title, list, footer);
        // Escape closes wherever the focus is, the list included (which would otherwise keep it)
        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                close.run();
            }
        });
    }

    /**
     * Opens the dialog over {@code owner}, the list focused. Call on the JavaFX thread.
     *
     * @return the dialog's stage, already showing
     */
    public static Stage show(Window owner) {
        Stage stage = new Stage();
        KeyboardShortcutsView view = new KeyboardShortcutsView(Shortcuts.TABLE, stage::hide);
        DialogWindows.dress(stage, owner, Modality.WINDOW_MODAL, TITLE, view);
        // a list that may want more room than it has
        stage.setResizable(true);
        stage.show();
        view.list.requestFocus();
        view.list.getFocusModel().focus(0);
        return stage;
    }

    /** What the shortcut does on the left, its keys on the right. */
    private static final class ShortcutCell extends ListCell<Shortcut> {
        @Override
        protected void updateItem(Shortcut shortcut, boolean empty) {
            super.updateItem(shortcut, empty);
            if (empty || shortcut == null) {
                setGraphic(null);
                setText(null);
                setAccessibleText(null);
                return;
            }
            Label description = new Label(shortcut.description());
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Label keys = new Label(shortcut.keysText());
            keys.getStyleClass().add("shortcut-keys");
            HBox row = new HBox(12, description, gap, keys);
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
            setText(null);
            setAccessibleText(shortcut.description() + ": " + shortcut.keysText());
        }
    }
}
