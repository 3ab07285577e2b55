package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The field under the conversation: Enter sends, Shift+Enter starts a new line. In an encrypted
 * conversation a toggle beside Send says whether the next message is encrypted.
 */
public final class ComposerView extends VBox {
    private static final PseudoClass UNENCRYPTED = PseudoClass.getPseudoClass("unencrypted");

    private final TextArea field = new TextArea();

    public ComposerView(ComposerViewModel viewModel) {
        ToggleButton encrypt = new ToggleButton();
        getStyleClass().add("composer");
        setId("composer");
        field.setId("composerField");
        field.setWrapText(true);
        field.setPrefRowCount(2);
        field.textProperty().bindBidirectional(viewModel.textProperty());
        field.promptTextProperty().bind(viewModel.placeholderProperty());
        field.accessibleTextProperty().bind(viewModel.placeholderProperty());
        field.disableProperty().bind(viewModel.enabledProperty().not());
        field.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.TAB && !event.isShiftDown() && !event.isShortcutDown()
                    && !event.isControlDown() && encrypt.isVisible()) {
                // Tab goes on to the encryption switch rather than typing a tab into the message
                event.consume();
                encrypt.requestFocus();
                return;
            }
            if (event.getCode() != KeyCode.ENTER) {
                return;
            }
            event.consume();
            if (event.isShiftDown()) {
                field.replaceSelection("\n");
            } else {
                viewModel.send();
            }
        });
        HBox.setHgrow(field, Priority.ALWAYS);

        Button send = new Button("Send");
        send.setId("sendButton");
        send.getStyleClass().add(Styles.ACCENT);
        send.setAccessibleText("Send the message");
        send.disableProperty().bind(viewModel.enabledProperty().not()
                .or(viewModel.textProperty().isEmpty()));
        send.setOnAction(event -> {
            viewModel.send();
            field.requestFocus();
        });
        send.setFocusTraversable(false);
        // the field grows and shrinks; the buttons keep their words ("Send", not "…") in a narrow window
        send.setMinWidth(Region.USE_PREF_SIZE);

        Label problem = new Label();
        problem.setId("composerProblem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        encrypt.setId("composerEncrypt");
        encrypt.getStyleClass().addAll("composer-encrypt", Styles.SMALL);
        encrypt.selectedProperty().bindBidirectional(viewModel.encryptProperty());
        encrypt.visibleProperty().bind(viewModel.encryptedConversationProperty());
        encrypt.managedProperty().bind(encrypt.visibleProperty());
        encrypt.disableProperty().bind(viewModel.enabledProperty().not());
        // Tab from the field reaches it, so it can be switched without a mouse (Space)
        encrypt.setFocusTraversable(true);
        encrypt.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip tip = new Tooltip();
        encrypt.setTooltip(tip);
        Runnable showEncrypt = () -> {
            boolean on = encrypt.isSelected();
            encrypt.setText(on ? "Encrypted" : "Not encrypted");
            tip.setText(on ? "The next message is end-to-end encrypted. Click to send it in the clear."
                    : "The next message is sent in the clear: the homeserver can read it. Click to encrypt it.");
            encrypt.setAccessibleText(on ? "End-to-end encryption on for the next message"
                    : "End-to-end encryption off for the next message");
            encrypt.pseudoClassStateChanged(UNENCRYPTED, !on);
        };
        encrypt.selectedProperty().addListener((obs, was, now) -> showEncrypt.run());
        showEncrypt.run();

        HBox row = new HBox(8, field, encrypt, send);
        row.setAlignment(Pos.BOTTOM_RIGHT);
        setSpacing(4);
        getChildren().addAll(problem, row);
    }

    /** Puts the cursor in the field. */
    public void focusField() {
        field.requestFocus();
    }
}
