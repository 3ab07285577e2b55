/**
 * The status bar: whether the app can reach its homeserver ({@link chat.mz.ui.status.ConnectionStatusViewModel}
 * turns connection states into words and a {@link chat.mz.ui.status.StatusTone}) and which homeserver
 * that is ({@link chat.mz.ui.status.ConnectionStatusView} draws it).
 */
package chat.mz.ui.status;
