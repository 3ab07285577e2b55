/**
 * Conversations on the homeserver: sessions, their timelines and membership flows, and each
 * device's durable queue read with {@code fetch_events} (docs/PROTOCOL.md, "Conversations"). State
 * lives behind the store interfaces of {@code chat.mz.server.store}; only the wake-ups of waiting
 * fetches are node-local.
 */
package chat.mz.server.session;
