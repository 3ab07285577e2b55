package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The New group dialog: a name, the first members' usernames and end-to-end encryption (on by
 * default). Enter creates; Escape closes.
 */
public final class NewGroupView extends VBox {
    public static final String TITLE = "New group";

    public NewGroupView(NewGroupViewModel viewModel) {
        getStyleClass().add("chat-dialog");
        setId("newGroupView");
        setSpacing(10);
        setPadding(new Insets(20));
        setPrefWidth(420);

        Label nameLabel = new Label("Group name");
        TextField name = new TextField();
        name.setId("newGroupName");
        name.setPromptText("e.g. Climbing");
        name.setAccessibleText("Group name");
        nameLabel.setLabelFor(name);
        name.textProperty().bindBidirectional(viewModel.nameProperty());

        Label membersLabel = new Label("Members");
        TextField members = new TextField();
        members.setId("newGroupMembers");
        members.setPromptText("Usernames, separated by commas");
        members.setAccessibleText("Usernames of the first members, separated by commas");
        membersLabel.setLabelFor(members);
        members.textProperty().bindBidirectional(viewModel.membersProperty());
        Label hint = new Label("You can invite more people later.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);

        CheckBox encrypted = new CheckBox("End-to-end encrypted");
        encrypted.setId("newGroupEncrypted");
        encrypted.selectedProperty().bindBidirectional(viewModel.encryptedProperty());
        Label encryptedHint = new Label("Only the members' devices can read its messages; the homeserver cannot. "
                + "The owner can change this later.");
        encryptedHint.setWrapText(true);
        encryptedHint.getStyleClass().add(Styles.TEXT_MUTED);

        Label error = NewChatView.errorLabel("newGroupError");
        error.textProperty().bind(viewModel.errorProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("newGroupCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(event -> getScene().getWindow().hide());
        Button create = new Button("Create group");
        create.setId("newGroupCreate");
        create.getStyleClass().add(Styles.ACCENT);
        create.setDefaultButton(true);
        create.disableProperty().bind(viewModel.busyProperty());
        create.setOnAction(event -> viewModel.create());
        HBox buttons = new HBox(8, cancel, create);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(nameLabel, name, membersLabel, members, hint, encrypted, encryptedHint, error, buttons);
    }

    /** Opens the dialog over {@code owner}; call on the JavaFX thread. */
    public static Stage show(Window owner, NewGroupViewModel viewModel) {
        return ChatDialogs.show(owner, TITLE, new NewGroupView(viewModel), viewModel.doneProperty());
    }
}
