package chat.mz.ui.onboarding;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The pieces both onboarding screens are built from: a centred card, hints, the progress line. */
final class FormParts {
    static final double CARD_WIDTH = 420;

    private FormParts() {
    }

    /** A column of {@code children}, of a readable width. */
    static VBox card(Node... children) {
        VBox card = new VBox(10, children);
        card.getStyleClass().add("onboarding-card");
        card.setMaxWidth(CARD_WIDTH);
        card.setPrefWidth(CARD_WIDTH);
        card.setAlignment(Pos.CENTER_LEFT);
        return card;
    }

    static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().addAll(Styles.TITLE_2);
        return title;
    }

    static Label subtle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }

    /** A label for {@code field}, so that screen readers and mnemonic-less users know what it asks for. */
    static Label fieldLabel(String text, Node field) {
        Label label = new Label(text);
        label.setLabelFor(field);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    /** A small line of text, hidden while empty, with the given style (e.g. {@link Styles#DANGER}). */
    static Label hint(String id, ObservableValue<String> text, String styleClass) {
        Label hint = new Label();
        hint.setId(id);
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_SMALL);
        if (styleClass != null) {
            hint.getStyleClass().add(styleClass);
        }
        hint.textProperty().bind(text);
        hint.managedProperty().bind(hint.visibleProperty());
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
        return hint;
    }

    /** A spinner and what is happening, shown while {@code text} is not empty. */
    static HBox progress(ObservableValue<String> text) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label label = new Label();
        label.setId("progress");
        label.textProperty().bind(text);
        HBox line = new HBox(8, spinner, label);
        line.setAlignment(Pos.CENTER_LEFT);
        line.managedProperty().bind(line.visibleProperty());
        line.visibleProperty().bind(label.textProperty().isNotEmpty());
        return line;
    }

    /** Puts the keyboard focus on {@code field} once it is on screen. */
    static void focusWhenShown(Node owner, Node field) {
        owner.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                Platform.runLater(field::requestFocus);
            }
        });
    }
}
