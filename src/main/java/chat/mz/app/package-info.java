/**
 * The launcher and composition root: {@link chat.mz.app.Main} chooses between the desktop app and
 * the command line, and the desktop wiring puts client core, homeserver and UI together.
 */
package chat.mz.app;
