package chat.mz.ui.account;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The form of "Change passphrase": three passphrase fields, the strength hint, the error or the
 * success notice, and the buttons. Enter submits, Escape cancels (or closes once done). The fields
 * are read as characters into arrays the view model wipes, then cleared; never as strings.
 */
public final class ChangePassphraseView extends VBox {
    static final double WIDTH = 420;

    private final PasswordField current = field("currentPassphrase", "Current passphrase");
    private final PasswordField next = field("newPassphrase", "New passphrase");
    private final PasswordField repeated = field("repeatNewPassphrase", "New passphrase again");

    /** @param close closes the dialog (Cancel, Escape, Close) */
    public ChangePassphraseView(ChangePassphraseViewModel viewModel, Runnable close) {
        setId("changePassphrase");
        setSpacing(10);
        setPadding(new Insets(24));
        setPrefWidth(WIDTH);

        Label title = new Label("Change passphrase");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("Your passphrase seals this device's keys. You'll need the new one to unlock "
                + "mzchat on this device; other devices keep their own.");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        intro.getStyleClass().add(Styles.TEXT_MUTED);

        next.textProperty().addListener((obs, old, now) -> viewModel.newPassphraseTyped(next.getCharacters()));
        for (PasswordField each : new PasswordField[] {current, next, repeated}) {
            each.disableProperty().bind(viewModel.busyProperty().or(viewModel.changedProperty()));
        }

        Button change = new Button("Change passphrase");
        change.setId("changePassphraseSubmit");
        change.setDefaultButton(true);
        change.getStyleClass().add(Styles.ACCENT);
        change.disableProperty().bind(viewModel.busyProperty());
        change.visibleProperty().bind(viewModel.changedProperty().not());
        change.managedProperty().bind(change.visibleProperty());
        change.setOnAction(event -> submit(viewModel));

        Button cancel = new Button();
        cancel.setId("changePassphraseCancel");
        cancel.setCancelButton(true);
        cancel.textProperty().bind(viewModel.changedProperty().map(done -> done ? "Close" : "Cancel"));
        cancel.disableProperty().bind(viewModel.busyProperty());
        cancel.setOnAction(event -> close.run());
        // once done, Enter closes too
        viewModel.changedProperty().addListener((obs, was, done) -> {
            if (done) {
                cancel.setDefaultButton(true);
                Platform.runLater(cancel::requestFocus);
            }
        });
        // after a failed attempt the fields are empty again: start over at the top
        viewModel.errorProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                current.requestFocus();
            }
        });

        HBox buttons = new HBox(8, change, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(title, intro,
                label("Current passphrase", current), current,
                label("New passphrase", next), next,
                hint("newPassphraseStrength", viewModel.strengthProperty(), Styles.TEXT_MUTED),
                label("New passphrase again", repeated), repeated,
                hint("changePassphraseError", viewModel.errorProperty(), Styles.DANGER),
                hint("changePassphraseNotice", viewModel.noticeProperty(), Styles.SUCCESS),
                progress(viewModel.progressProperty()), buttons);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                Platform.runLater(current::requestFocus);
            }
        });
    }

    private void submit(ChangePassphraseViewModel viewModel) {
        viewModel.submit(copyOf(current.getCharacters()), copyOf(next.getCharacters()),
                copyOf(repeated.getCharacters()));
        current.clear();
        next.clear();
        repeated.clear();
    }

    private static char[] copyOf(CharSequence characters) {
        char[] copy = new char[characters.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = characters.charAt(i);
        }
        return copy;
    }

    private static PasswordField field(String id, String accessibleText) {
        PasswordField field = new PasswordField();
        field.setId(id);
        field.setAccessibleText(accessibleText);
        return field;
    }

    private static Label label(String text, PasswordField field) {
        Label label = new Label(text);
        label.setLabelFor(field);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private static Label hint(String id, ObservableValue<String> text, String styleClass) {
        Label hint = new Label();
        hint.setId(id);
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, styleClass);
        hint.textProperty().bind(text);
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        return hint;
    }

    private static HBox progress(ObservableValue<String> text) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label label = new Label();
        label.setId("changePassphraseProgress");
        label.textProperty().bind(text);
        HBox line = new HBox(8, spinner, label);
        line.setAlignment(Pos.CENTER_LEFT);
        line.visibleProperty().bind(label.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }
}
