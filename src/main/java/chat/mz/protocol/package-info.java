/**
 * The wire protocol shared by client and server: JSON-RPC 2.0 messages over WebSocket text frames,
 * the one {@link chat.mz.protocol.JsonCodec}, the one {@link chat.mz.protocol.ErrorCode} table and
 * the {@link chat.mz.protocol.Methods} every request and notification is named in.
 */
package chat.mz.protocol;
