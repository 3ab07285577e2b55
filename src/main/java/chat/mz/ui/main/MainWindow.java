package chat.mz.ui.main;

import chat.mz.client.config.Settings.WindowBounds;
import chat.mz.ui.DialogWindows;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The main window itself: title, icons, minimum size, and its place on screen. It opens where it was
 * last (if that still fits on a current screen) and remembers its un-maximized bounds while it is
 * open, so that a maximized window is restored to the size it had before it was maximized.
 */
public final class MainWindow {
    public static final double DEFAULT_WIDTH = 1000;
    public static final double DEFAULT_HEIGHT = 680;
    public static final double MIN_WIDTH = 720;
    public static final double MIN_HEIGHT = 480;
    private static final double LOGO_SIZE = 56;

    private final Stage stage;
    private final MainWindowView view;
    private final MainWindowViewModel viewModel;
    private final WindowPlacement placement = new WindowPlacement(DEFAULT_WIDTH, DEFAULT_HEIGHT, MIN_WIDTH, MIN_HEIGHT);
    private final InvalidationListener boundsTracker = obs -> rememberNormalBounds();
    private WindowBounds normalBounds;

    /** Builds the window's scene on {@code stage}; call on the JavaFX thread. */
    public MainWindow(Stage stage, MainWindowViewModel viewModel) {
        this.stage = stage;
        this.viewModel = viewModel;
        List<Image> icons = WindowIcons.load();
        Image logo = WindowIcons.closest(icons, LOGO_SIZE);
        this.view = new MainWindowView(viewModel, logo);
        Scene scene = new Scene(view);
        URL css = MainWindow.class.getResource(DialogWindows.APP_STYLESHEET);
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        stage.setScene(scene);
        stage.setTitle(viewModel.title());
        stage.getIcons().setAll(icons);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        viewModel.setAction(Command.KEYBOARD_SHORTCUTS, () -> KeyboardShortcutsView.show(stage));
        viewModel.setAction(Command.ABOUT, () -> AboutView.show(stage, viewModel, logo));
        // as closing the last window does: the app's stop() saves and locks before the process ends
        viewModel.setAction(Command.QUIT, Platform::exit);
    }

    /**
     * Says what {@code command} does from the menus and its shortcuts; null makes it unavailable. The
     * sections call this for what they offer (New chat, Link a device…).
     */
    public void setAction(Command command, Runnable action) {
        viewModel.setAction(command, action);
    }

    /**
     * Does {@code command}, as its menu item does.
     *
     * @return whether it did anything (false while the command is unavailable)
     */
    public boolean run(Command command) {
        return viewModel.run(command);
    }

    /** Opens {@code section}, as choosing it in the sidebar does. */
    public void showSection(Section section) {
        viewModel.selectedSectionProperty().set(section);
    }

    /**
     * Shows the window where {@code saved} says, if that still fits on a screen, or at the default size
     * centred on the primary screen.
     */
    public void show(Optional<WindowBounds> saved) {
        WindowBounds target = placement.place(saved, screens(), area(Screen.getPrimary().getVisualBounds()));
        stage.setX(target.x());
        stage.setY(target.y());
        stage.setWidth(target.width());
        stage.setHeight(target.height());
        normalBounds = new WindowBounds(target.x(), target.y(), target.width(), target.height(), false);
        stage.xProperty().addListener(boundsTracker);
        stage.yProperty().addListener(boundsTracker);
        stage.widthProperty().addListener(boundsTracker);
        stage.heightProperty().addListener(boundsTracker);
        stage.setMaximized(target.maximized());
        stage.show();
        stage.toFront();
    }

    /**
     * Shows {@code screen} (the first-run wizard, the unlock screen) as the window's whole content,
     * instead of the main view; {@link #showMain()} brings the main view back.
     */
    public void showInstead(Parent screen) {
        stage.getScene().setRoot(screen);
    }

    /** Shows {@code content} in the main view for {@code section}. */
    public void setSectionContent(Section section, Node content) {
        view.setSectionContent(section, content);
    }

    /** The window itself, e.g. to own a dialog. */
    public Window window() {
        return stage;
    }

    /** Shows the main view: the sidebar, the content and the status bar. */
    public void showMain() {
        stage.getScene().setRoot(view);
    }

    /** Where the window is, to be saved: its un-maximized bounds and whether it is maximized. */
    public WindowBounds bounds() {
        WindowBounds normal = normalBounds != null ? normalBounds
                : new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
        return new WindowBounds(normal.x(), normal.y(), normal.width(), normal.height(), stage.isMaximized());
    }

    /** Stops tracking the stage and the view's timers; the stage may outlive this window (in tests it does). */
    public void dispose() {
        stage.xProperty().removeListener(boundsTracker);
        stage.yProperty().removeListener(boundsTracker);
        stage.widthProperty().removeListener(boundsTracker);
        stage.heightProperty().removeListener(boundsTracker);
        view.dispose();
    }

    private void rememberNormalBounds() {
        // maximized, full-screen and minimized geometry is the system's, not the user's choice of size
        if (stage.isMaximized() || stage.isFullScreen() || stage.isIconified()) {
            return;
        }
        if (Double.isNaN(stage.getWidth()) || Double.isNaN(stage.getHeight())) {
            return;
        }
        normalBounds = new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
    }

    private static List<WindowPlacement.Area> screens() {
        return Screen.getScreens().stream().map(screen -> area(screen.getVisualBounds())).toList();
    }

    private static WindowPlacement.Area area(Rectangle2D r) {
        return new WindowPlacement.Area(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }
}
