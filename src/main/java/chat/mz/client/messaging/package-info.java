/**
 * Conversations on the client core: {@link chat.mz.client.messaging.Messenger} keeps this device's
 * queue drained into the local history, sends through a durable outbox, and runs the membership
 * flows; {@link chat.mz.client.messaging.ContactBook} looks people up and checks their identity
 * keys; {@link chat.mz.client.messaging.GroupEncryption} administers a conversation's end-to-end
 * encryption. The desktop UI and the command line both sit on these.
 *
 * <p>In an encrypted conversation the messenger seals each message the sender chose to encrypt
 * under the room key (with {@code chat.mz.client.e2ee}), opens what arrives only after checking the
 * sender device against its account's signed device list, and makes, seals and sends the next room
 * key whenever the homeserver says one is due. docs/decisions/0013 says why it works as it does.
 */
package chat.mz.client.messaging;
