/**
 * The homeserver: {@link chat.mz.server.Homeserver} speaks JSON-RPC 2.0 over WebSocket and serves
 * each feature's methods; its timers come through {@link chat.mz.server.Scheduler} so tests can run
 * them on a fake clock.
 */
package chat.mz.server;
