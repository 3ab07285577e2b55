/**
 * The wire messages of device sync (docs/PROTOCOL.md, "Device sync"): {@code send_sync_event},
 * which hands the homeserver one sealed blob per sibling device of the caller's own account, and
 * the {@code SyncEvent} queue item each sibling then fetches. The homeserver reads nothing inside a
 * blob; sealing, signing and what an event means are the client's ({@code chat.mz.client.sync}).
 */
package chat.mz.protocol.sync;
