/**
 * The client core, shared by the desktop app and the CLI: no JavaFX here. Each feature is a service
 * in its own sub-package; services publish what happens as {@link chat.mz.client.EventStream}s.
 */
package chat.mz.client;
