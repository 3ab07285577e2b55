/**
 * The desktop app's JavaFX user interface: one sub-package per screen or feature, each a code-built
 * view and its view model.
 *
 * <p>Views only render; view models hold the state as JavaFX properties, import nothing from
 * {@code javafx.scene}, and are unit-tested without a window. The UI reaches the rest of the app only
 * through the client core ({@code chat.mz.client}); it never opens sockets, runs SQL or sees key
 * bytes, and it starts nothing itself: the composition root ({@code chat.mz.app}) wires it up.
 */
package chat.mz.ui;
