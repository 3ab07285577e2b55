/**
 * The SyncMailbox: short-lived link sessions with one slot per direction, single delivery, and
 * waiting calls woken by the post itself.
 */
package chat.mz.server.mailbox;
