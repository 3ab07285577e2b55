package chat.mz.ui.onboarding;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The unlock screen: the passphrase and "Unlock" (also Enter). The field is read as characters into
 * an array that the view model wipes, then cleared.
 */
public final class UnlockView extends StackPane {

    public UnlockView(UnlockViewModel viewModel) {
        setId("unlock");
        getStyleClass().add("onboarding");
        setPadding(new Insets(24));

        PasswordField passphrase = new PasswordField();
        passphrase.setId("unlockPassphrase");
        passphrase.disableProperty().bind(viewModel.busyProperty());

        Button unlock = new Button("Unlock");
        unlock.setId("unlockButton");
        unlock.setDefaultButton(true);
        unlock.getStyleClass().add(Styles.ACCENT);
        unlock.disableProperty().bind(viewModel.busyProperty());
        unlock.setOnAction(event -> {
            viewModel.submit(Passphrases.copyOf(passphrase.getCharacters()));
            passphrase.clear();
        });
        // after a failed attempt, the field is ready for the next one
        viewModel.errorProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                passphrase.requestFocus();
            }
        });

        VBox form = FormParts.card(
                FormParts.title(viewModel.greeting()),
                FormParts.subtle("Type your passphrase to unlock this device's keys."),
                FormParts.fieldLabel("Passphrase", passphrase), passphrase,
                FormParts.hint("unlockError", viewModel.errorProperty(), Styles.DANGER),
                FormParts.progress(viewModel.progressProperty()), unlock);
        StackPane.setAlignment(form, Pos.CENTER);
        getChildren().add(form);
        FormParts.focusWhenShown(this, passphrase);
    }
}
