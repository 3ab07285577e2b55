package chat.mz.ui.main;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The sidebar: the app's name, the list of sections, and the version at its foot. */
final class SidebarView extends VBox {
    static final double WIDTH = 220;

    SidebarView(MainWindowViewModel viewModel, Image logo) {
        getStyleClass().add("sidebar");
        setId("sidebar");
        setPrefWidth(WIDTH);
        setMinWidth(WIDTH);

        ImageView logoView = new ImageView(logo);
        logoView.setFitWidth(28);
        logoView.setFitHeight(28);
        logoView.setSmooth(true);
        Label name = new Label(viewModel.title());
        name.setId("appName");
        name.getStyleClass().addAll(Styles.TITLE_4, Styles.TEXT_BOLD);
        HBox brand = new HBox(10, logoView, name);
        brand.getStyleClass().add("sidebar-brand");
        brand.setAlignment(Pos.CENTER_LEFT);

        ListView<Section> navigation = new ListView<>();
        navigation.setId("navigation");
        navigation.getStyleClass().addAll(Tweaks.EDGE_TO_EDGE, "sidebar-nav");
        navigation.getItems().setAll(viewModel.sections());
        navigation.setCellFactory(list -> new SectionCell());
        navigation.getSelectionModel().select(viewModel.selectedSectionProperty().get());
        navigation.getSelectionModel().selectedItemProperty().addListener((obs, old, section) ->
                viewModel.selectedSectionProperty().set(section));
        viewModel.selectedSectionProperty().addListener((obs, old, section) ->
                navigation.getSelectionModel().select(section));
        VBox.setVgrow(navigation, Priority.ALWAYS);

        Label version = new Label(viewModel.versionText());
        version.setId("appVersion");
        version.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "sidebar-footer");

        getChildren().addAll(brand, navigation, version);
    }

    /** A section's icon and name. */
    private static final class SectionCell extends ListCell<Section> {
        private static final double ICON_BOX = 18;

        @Override
        protected void updateItem(Section section, boolean empty) {
            super.updateItem(section, empty);
            if (empty || section == null) {
                setText(null);
                setGraphic(null);
                setId(null);
            } else {
                setText(section.label());
                // a fixed box, so the names line up whatever each icon's own width
                StackPane icon = new StackPane(new Group(SectionIcons.icon(section, 0.75)));
                icon.setMinSize(ICON_BOX, ICON_BOX);
                icon.setPrefSize(ICON_BOX, ICON_BOX);
                icon.setMaxSize(ICON_BOX, ICON_BOX);
                setGraphic(icon);
                setId("nav-" + section.name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
