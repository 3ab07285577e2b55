package chat.mz.ui.onboarding;

import atlantafx.base.theme.Styles;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The first-run wizard, one page: username, passphrase twice with its strength, where the account
 * lives, and "Create account" (also Enter). The passphrase fields are read as characters into arrays
 * that the view model wipes, then cleared.
 */
public final class FirstRunView extends StackPane {

    public FirstRunView(FirstRunViewModel viewModel) {
        setId("firstRun");
        getStyleClass().add("onboarding");
        setPadding(new Insets(24));

        TextField username = new TextField();
        username.setId("username");
        username.setPromptText("e.g. ada");
        username.textProperty().bindBidirectional(viewModel.usernameProperty());

        PasswordField passphrase = new PasswordField();
        passphrase.setId("passphrase");
        PasswordField repeated = new PasswordField();
        repeated.setId("repeatPassphrase");
        InvalidationListener typed = obs -> viewModel.passphraseChanged(passphrase.getCharacters(),
                repeated.getCharacters());
        passphrase.textProperty().addListener(typed);
        repeated.textProperty().addListener(typed);

        Label strength = FormParts.hint("strengthHint", Bindings.createStringBinding(
                () -> viewModel.strengthProperty().get().hint(), viewModel.strengthProperty()), null);
        viewModel.strengthProperty().addListener((obs, old, now) -> {
            strength.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.SUCCESS);
            strength.getStyleClass().add(switch (now) {
                case STRONG -> Styles.SUCCESS;
                case FAIR -> Styles.WARNING;
                default -> Styles.DANGER;
            });
        });

        ToggleGroup where = new ToggleGroup();
        RadioButton embedded = new RadioButton("This computer (mzchat runs its own homeserver)");
        embedded.setId("embeddedChoice");
        embedded.setToggleGroup(where);
        RadioButton remote = new RadioButton("A homeserver at this address:");
        remote.setId("addressChoice");
        remote.setToggleGroup(where);
        (viewModel.embeddedProperty().get() ? embedded : remote).setSelected(true);
        where.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                viewModel.embeddedProperty().set(now == embedded);
            }
        });
        TextField address = new TextField();
        address.setId("address");
        address.setPromptText("wss://chat.example.org");
        address.textProperty().bindBidirectional(viewModel.addressProperty());
        address.disableProperty().bind(viewModel.embeddedProperty().or(viewModel.busyProperty()));

        Button create = new Button("Create account");
        create.setId("createAccount");
        create.setDefaultButton(true);
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(viewModel.canSubmitBinding().not());
        create.setOnAction(event -> {
            char[] first = Passphrases.copyOf(passphrase.getCharacters());
            char[] second = Passphrases.copyOf(repeated.getCharacters());
            if (viewModel.submit(first, second)) {
                passphrase.clear();
                repeated.clear();
            }
        });

        VBox form = FormParts.card(
                FormParts.title("Welcome to mzchat"),
                FormParts.subtle("Create your account. Your keys are made on this computer and locked with "
                        + "your passphrase; nobody else has them, so keep the passphrase safe."),
                FormParts.fieldLabel("Username", username), username,
                FormParts.hint("usernameHint", viewModel.usernameHintBinding(), Styles.DANGER),
                FormParts.fieldLabel("Passphrase", passphrase), passphrase, strength,
                FormParts.fieldLabel("Passphrase again", repeated), repeated,
                FormParts.hint("matchHint", viewModel.matchHintProperty(), Styles.DANGER),
                FormParts.fieldLabel("Where your account lives", embedded), embedded, remote, address,
                FormParts.hint("addressHint", viewModel.addressHintBinding(), Styles.DANGER),
                FormParts.hint("onboardingError", viewModel.errorProperty(), Styles.DANGER),
                FormParts.progress(viewModel.progressProperty()), create);
        // nothing to change while the account is being made
        for (var node : form.getChildren()) {
            if (node != address && (node instanceof TextInputControl || node instanceof RadioButton)) {
                node.disableProperty().bind(viewModel.busyProperty());
            }
        }
        StackPane.setAlignment(form, Pos.CENTER);
        getChildren().add(form);
        FormParts.focusWhenShown(this, username);
    }
}
