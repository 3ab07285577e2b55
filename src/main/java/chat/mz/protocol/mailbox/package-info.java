/**
 * The wire messages of the SyncMailbox: the short-lived, two-slot relay that two devices use to
 * exchange their link handshake through the homeserver.
 */
package chat.mz.protocol.mailbox;
