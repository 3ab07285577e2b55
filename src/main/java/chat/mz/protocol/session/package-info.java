/**
 * The wire messages of conversations ("sessions", in the names of the group-chat design): creating
 * one, the membership flows (join by approval, invitation, leave, remove, rename), sending a
 * message, and the per-device event queue that delivers everything durably
 * ({@code fetch_events}). Method and notification names follow that design verbatim where it names
 * them; see docs/PROTOCOL.md, "Conversations".
 */
package chat.mz.protocol.session;
