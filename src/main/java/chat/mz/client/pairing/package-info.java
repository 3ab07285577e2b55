/**
 * Linking a new device to an account, every message encrypted under the QR code's secret, in the
 * client core, without UI.
 *
 * <ul>
 *   <li>{@link chat.mz.client.pairing.LinkInvitation}: the QR code's URL, with the session id in its
 *       path and the 32-byte pairing secret in its fragment.</li>
 *   <li>{@link chat.mz.client.pairing.DeviceLinking}: the authorized device's flow, ending in an
 *       issued certificate once the person approved a {@link chat.mz.client.pairing.LinkApproval}.</li>
 *   <li>{@link chat.mz.client.pairing.LinkRequester}: the new device's flow, ending in a
 *       {@link chat.mz.client.pairing.LinkResult} with its keys, certificate and account profile.</li>
 * </ul>
 *
 * <p>Everything the two devices say travels through the homeserver's SyncMailbox, encrypted with
 * AES-256-GCM under keys derived (HKDF-SHA256) from the secret, one per direction and answering
 * device, in numbered payloads that the receiver takes only in order; the homeserver only ever
 * sees ciphertext. A short check code derived from the transcript, with a commitment so that
 * neither side can steer it, lets the person see that both devices talk to each other and to no
 * one else. docs/PROTOCOL.md, "Linking a device", is the specification.
 *
 * <p>Flows report through {@link java.util.concurrent.CompletionStage}s and never block the
 * caller's thread; they fail with {@link chat.mz.client.pairing.LinkException}, whose message is
 * meant to be shown as is.
 */
package chat.mz.client.pairing;
