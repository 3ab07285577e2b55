/**
 * The main window: its layout ({@link chat.mz.ui.main.MainWindowView}: sidebar, content area, status
 * bar), what it shows ({@link chat.mz.ui.main.MainWindowViewModel}), and the window itself
 * ({@link chat.mz.ui.main.MainWindow}: title, icons, minimum size, and where it opens, which
 * {@link chat.mz.ui.main.WindowPlacement} decides from the saved bounds and the current screens).
 */
package chat.mz.ui.main;
