/**
 * The main window: its layout ({@link chat.mz.ui.main.MainWindowView}: sidebar, content area, status
 * bar), what it shows ({@link chat.mz.ui.main.MainWindowViewModel}), and the window itself
 * ({@link chat.mz.ui.main.MainWindow}: title, icons, minimum size, and where it opens, which
 * {@link chat.mz.ui.main.WindowPlacement} decides from the saved bounds and the current screens).
 *
 * <p>The menus ({@link chat.mz.ui.main.Command}) and the keyboard shortcuts
 * ({@link chat.mz.ui.main.Shortcuts}, one table that Help → Keyboard shortcuts lists) live here too;
 * what a command does is filled in by the section that offers it, through
 * {@link chat.mz.ui.main.MainWindow#setAction}.
 */
package chat.mz.ui.main;
