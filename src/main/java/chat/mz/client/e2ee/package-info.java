/**
 * End-to-end encryption of group messages, on the client, over the primitives of
 * {@code chat.mz.crypto}: pure logic, no network, no storage, no UI. The homeserver never sees a
 * room key or a plaintext; it forwards the bytes made here.
 *
 * <ul>
 *   <li>{@link chat.mz.client.e2ee.RoomKey}: one epoch of a session's AES-256 room key.</li>
 *   <li>{@link chat.mz.client.e2ee.RoomCipher}: seals a message under the room key, with its
 *       {@link chat.mz.client.e2ee.MessageHeader} as associated data and an Ed25519 signature by the
 *       sender device over header and ciphertext, into a {@link chat.mz.client.e2ee.SealedMessage}
 *       (a versioned binary format, at most 16 KiB of plaintext); opens one after checking session,
 *       epoch and signature, in that order.</li>
 *   <li>{@link chat.mz.client.e2ee.ReplayGuard}: refuses a (session, sender device, counter) seen
 *       before, through one small {@link chat.mz.client.e2ee.ReplayWindow} per sender device and
 *       session that the caller can store; {@link chat.mz.client.e2ee.InMemoryReplayGuard} keeps
 *       them in memory.</li>
 *   <li>{@link chat.mz.client.e2ee.RoomKeyWrap}: seals a room key to each member device's
 *       RSA-OAEP-3072 key, bound by the OAEP label to session, epoch and device, and signed by the
 *       sending device ({@link chat.mz.client.e2ee.SealedRoomKey}); in parallel for a re-key.</li>
 * </ul>
 *
 * <p>Trust comes from outside this package: every public key handed in (a sender's signing key, a
 * recipient's encryption key) must be taken from a {@code DeviceCertificate} the caller has checked
 * against the account's identity key and current device list. Membership (may this device speak
 * in, or hand out keys of, this session?) is the caller's to check as well.
 *
 * <p>Every refusal is a checked {@link chat.mz.client.e2ee.E2eeException} with a reason for
 * programs and a sentence for people; neither ever contains key bytes or plaintext, and no
 * {@code toString} here shows them. Randomness is always passed in. docs/decisions/0010 says why
 * the formats are as they are.
 */
package chat.mz.client.e2ee;
