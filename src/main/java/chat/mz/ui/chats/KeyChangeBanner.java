package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The warning above a conversation when a member's identity key changed: in the conversation
 * itself, every time it is opened, until the user trusts the new key.
 */
public final class KeyChangeBanner extends VBox {

    public KeyChangeBanner(KeyChangeBannerViewModel viewModel) {
        super(6);
        setId("keyChangeBanner");
        getStyleClass().add("key-change-banner");
        setPadding(new Insets(10, 12, 10, 12));
        setAccessibleRole(AccessibleRole.TEXT);
        accessibleTextProperty().bind(viewModel.headlineProperty());
        managedProperty().bind(visibleProperty());
        visibleProperty().bind(viewModel.showingProperty());

        Label headline = ChatDialogs.wrapped("keyChangeHeadline");
        headline.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.DANGER);
        headline.textProperty().bind(viewModel.headlineProperty());
        Label detail = ChatDialogs.wrapped("keyChangeDetail");
        detail.textProperty().bind(viewModel.detailProperty());
        Label number = ChatDialogs.wrapped("keyChangeSafetyNumber");
        number.getStyleClass().add("safety-number");
        number.textProperty().bind(viewModel.safetyNumberProperty());
        Label error = NewChatView.errorLabel("keyChangeError");
        error.textProperty().bind(viewModel.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        Button trust = new Button();
        trust.setId("keyChangeTrust");
        trust.textProperty().bind(viewModel.trustTextProperty());
        trust.disableProperty().bind(viewModel.busyProperty());
        trust.setOnAction(event -> viewModel.trust());
        HBox actions = new HBox(trust);

        getChildren().addAll(headline, detail, number, error, actions);
    }
}
