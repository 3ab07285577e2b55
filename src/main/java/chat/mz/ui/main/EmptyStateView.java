package chat.mz.ui.main;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** What the content area shows while the open section has nothing to list: an icon, a headline, a hint. */
final class EmptyStateView extends VBox {

    EmptyStateView(MainWindowViewModel viewModel) {
        getStyleClass().add("empty-state");
        setId("emptyState");
        setAlignment(Pos.CENTER);
        setSpacing(6);

        StackPane icon = new StackPane();
        icon.getStyleClass().add("empty-state-icon");
        icon.setMaxSize(StackPane.USE_PREF_SIZE, StackPane.USE_PREF_SIZE);
        showIcon(icon, viewModel.selectedSectionProperty().get());
        viewModel.selectedSectionProperty().addListener((obs, old, section) -> showIcon(icon, section));

        Label title = new Label();
        title.setId("emptyStateTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(viewModel.emptyTitleBinding());

        Label hint = new Label();
        hint.setId("emptyStateHint");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.textProperty().bind(viewModel.emptyHintBinding());
        hint.setWrapText(true);

        VBox.setMargin(icon, new Insets(0, 0, 10, 0));
        getChildren().addAll(icon, title, hint);
    }

    private static void showIcon(StackPane holder, Section section) {
        holder.getChildren().setAll(new Group(SectionIcons.icon(section, 1.6)));
    }
}
