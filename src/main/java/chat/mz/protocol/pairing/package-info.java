/**
 * The messages two devices exchange while linking, <em>inside</em> the encrypted SyncMailbox
 * payloads: the new device's request, the check-code challenge and reveal, the decision, the
 * acceptance and the abort notice. The homeserver never sees these; it relays only their
 * ciphertext (see docs/PROTOCOL.md, "Linking a device", and {@code chat.mz.client.pairing}).
 *
 * <p>Each message is a JSON object with a {@code "type"} member, snake_case field names, byte
 * strings in standard base64, and every field required. {@link chat.mz.protocol.pairing.PairingCodec}
 * reads them strictly.
 */
package chat.mz.protocol.pairing;
