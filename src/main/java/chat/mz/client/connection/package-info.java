/** The connection to the homeserver: calls, notifications, connection state and reconnecting. */
package chat.mz.client.connection;
