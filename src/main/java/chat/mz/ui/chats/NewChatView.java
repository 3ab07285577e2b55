package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The New chat dialog: a username, then who was found with the safety number and what the key check
 * says, then "Open chat". Enter does the next step; Escape closes.
 */
public final class NewChatView extends VBox {
    public static final String TITLE = "New chat";

    public NewChatView(NewChatViewModel viewModel) {
        getStyleClass().add("chat-dialog");
        setId("newChatView");
        setSpacing(10);
        setPadding(new Insets(20));
        setPrefWidth(420);

        Label label = new Label("Username");
        TextField username = new TextField();
        username.setId("newChatUsername");
        username.setPromptText("e.g. ada");
        username.setAccessibleText("Username of the person to write to");
        label.setLabelFor(username);
        username.textProperty().bindBidirectional(viewModel.usernameProperty());
        username.setOnAction(event -> viewModel.next());

        Label found = new Label();
        found.setId("newChatFound");
        found.getStyleClass().add(Styles.TEXT_BOLD);
        found.textProperty().bind(Bindings.createStringBinding(() -> viewModel.foundProperty().get() == null ? ""
                : viewModel.foundProperty().get().username(), viewModel.foundProperty()));
        Label safety = new Label();
        safety.setId("newChatSafetyNumber");
        safety.getStyleClass().addAll(Styles.TEXT_MUTED, "safety-number");
        safety.setWrapText(true);
        safety.setMinHeight(Region.USE_PREF_SIZE);
        safety.textProperty().bind(Bindings.createStringBinding(() -> viewModel.foundProperty().get() == null ? ""
                : "Safety number: " + viewModel.foundProperty().get().safetyNumber(), viewModel.foundProperty()));
        Label note = new Label();
        note.setId("newChatKeyNote");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(viewModel.keyNoteProperty());
        viewModel.keyChangedProperty().addListener((obs, was, changed) -> toggle(note, Styles.DANGER, changed));
        VBox contact = new VBox(4, found, safety, note);
        contact.getStyleClass().add("found-contact");
        contact.visibleProperty().bind(viewModel.foundProperty().isNotNull());
        contact.managedProperty().bind(contact.visibleProperty());

        Label error = errorLabel("newChatError");
        error.textProperty().bind(viewModel.errorProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("newChatCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(event -> getScene().getWindow().hide());
        Button next = new Button();
        next.setId("newChatNext");
        next.getStyleClass().add(Styles.ACCENT);
        next.setDefaultButton(true);
        next.textProperty().bind(viewModel.actionTextProperty());
        next.disableProperty().bind(viewModel.busyProperty());
        next.setOnAction(event -> viewModel.next());
        HBox buttons = new HBox(8, cancel, next);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(label, username, contact, error, buttons);
    }

    /** Opens the dialog over {@code owner}; call on the JavaFX thread. */
    public static Stage show(Window owner, NewChatViewModel viewModel) {
        return ChatDialogs.show(owner, TITLE, new NewChatView(viewModel), viewModel.doneProperty());
    }

    static Label errorLabel(String id) {
        Label error = new Label();
        error.setId(id);
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add(Styles.DANGER);
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return error;
    }

    private static void toggle(Label label, String styleClass, boolean on) {
        if (on && !label.getStyleClass().contains(styleClass)) {
            label.getStyleClass().add(styleClass);
        } else if (!on) {
            label.getStyleClass().remove(styleClass);
        }
    }
}
