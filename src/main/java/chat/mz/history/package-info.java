/**
 * The client's local chat history: one encrypted H2 file per account holding conversations, their
 * members and timelines, the outbox of messages not yet accepted by the homeserver, the full-text
 * search index, the contacts' root keys and a few settings. {@link chat.mz.history.History} is the
 * whole public surface; only the client core uses it.
 */
package chat.mz.history;
