/**
 * Keeping this account's devices in sync (docs/PROTOCOL.md, "Device sync"; decision 14): what a
 * device knows that the homeserver does not carry to the others by itself (read markers, answered
 * requests, contacts, history for a new device, room keys a sibling lacks) travels as a
 * {@link chat.mz.protocol.sync.SyncEvent}, sealed to each sibling device's encryption key and
 * signed by the sending one ({@link chat.mz.client.e2ee.SyncEnvelope}), through the homeserver's
 * per-device queues.
 *
 * <ul>
 *   <li>{@link chat.mz.client.sync.DeviceSync}: this device's part, as the messenger uses it.</li>
 *   <li>{@link chat.mz.client.sync.SyncSender}: a durable outbox of events, sealed to the devices on
 *       the account's own verified device list when they are sent, one key per sibling for an hour.</li>
 *   <li>{@link chat.mz.client.sync.SyncReceiver}: opens what arrives after checking the sender is
 *       another current device of this account, drops copies of events already applied (by event
 *       id) unless they only settle state, and applies the rest to the history. Nothing received is
 *       sent on again; a key request is answered to the asking device alone.</li>
 *   <li>{@link chat.mz.client.sync.HistoryTransfers}: history offered to a newly linked device, taken
 *       or skipped, sent in batches with the room keys to read it, with {@link
 *       chat.mz.client.sync.TransferProgress} on both sides.</li>
 * </ul>
 */
package chat.mz.client.sync;
