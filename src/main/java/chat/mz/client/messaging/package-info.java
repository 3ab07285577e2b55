/**
 * Conversations on the client core: {@link chat.mz.client.messaging.Messenger} keeps this device's
 * queue drained into the local history, sends through a durable outbox, and runs the membership
 * flows; {@link chat.mz.client.messaging.ContactBook} looks people up and checks their identity
 * keys. The desktop UI and the command line both sit on these.
 */
package chat.mz.client.messaging;
