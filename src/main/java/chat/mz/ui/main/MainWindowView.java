package chat.mz.ui.main;

import atlantafx.base.theme.Styles;
import chat.mz.ui.status.ConnectionStatusView;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's layout: the menu bar along the top, the sidebar on the left, the open section's
 * content in the middle (its empty state until the app gives it content), and the status bar along
 * the bottom. While it is the window's content, every key of {@link Shortcuts#TABLE} works, those that
 * the menu items do not show too.
 */
public final class MainWindowView extends BorderPane {
    private final ConnectionStatusView statusBar;
    private final Map<Section, Node> sections = new EnumMap<>(Section.class);
    private final StackPane body;
    private final EmptyStateView emptyState;
    private final MainWindowViewModel viewModel;

    /**
     * @param viewModel what to show
     * @param logo      the app's icon, drawn next to its name in the sidebar
     */
    public MainWindowView(MainWindowViewModel viewModel, Image logo) {
        getStyleClass().add("main-window");
        setId("mainWindow");

        Label sectionTitle = new Label();
        sectionTitle.setId("sectionTitle");
        sectionTitle.getStyleClass().addAll(Styles.TITLE_4, Styles.TEXT_BOLD);
        sectionTitle.textProperty().bind(Bindings.createStringBinding(
                () -> viewModel.selectedSectionProperty().get().label(), viewModel.selectedSectionProperty()));
        HBox header = new HBox(sectionTitle);
        header.getStyleClass().add("content-header");
        header.setAlignment(Pos.CENTER_LEFT);

        EmptyStateView emptyState = new EmptyStateView(viewModel);
        body = new StackPane(emptyState);
        body.getStyleClass().add("content-body");
        viewModel.selectedSectionProperty().addListener((obs, old, section) -> showSection(section, emptyState));
        this.emptyState = emptyState;
        this.viewModel = viewModel;
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox content = new VBox(header, body);
        content.setId("content");
        content.getStyleClass().add("content");

        statusBar = new ConnectionStatusView(viewModel.status());

        setTop(new MainMenuBar(viewModel));
        setLeft(new SidebarView(viewModel, logo));
        setCenter(content);
        setBottom(statusBar);

        // before the focused control sees them: a text area would take Ctrl+Tab to move the focus on
        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
    }

    /** Runs the command bound to the keys pressed, if it is available; else the keys go on as usual. */
    private void shortcut(KeyEvent event) {
        for (Shortcut shortcut : Shortcuts.TABLE) {
            if (shortcut.keys().match(event) && viewModel.run(shortcut.command())) {
                event.consume();
                return;
            }
        }
    }

    /** Shows {@code content} for {@code section} instead of its empty state. */
    public void setSectionContent(Section section, Node content) {
        sections.put(section, content);
        showSection(viewModel.selectedSectionProperty().get(), emptyState);
    }

    private void showSection(Section section, Node fallback) {
        body.getChildren().setAll(sections.getOrDefault(section, fallback));
    }

    /** Stops the view's timers; call when the window goes away. */
    public void dispose() {
        statusBar.dispose();
    }
}
