/** The homeserver's JSON-RPC plumbing: per-connection context, handlers and the dispatch table. */
package chat.mz.server.rpc;
