/**
 * Cryptographic primitives for mzchat, and nothing else: bytes in, bytes out.
 *
 * <p>Every higher layer (identity, client, history, server) reaches cryptography only through
 * this package, so the choice of algorithms, parameters and libraries is made once, here, and is
 * covered by the Wycheproof vectors in the tests. The package does no I/O, keeps no state, logs
 * nothing and never picks its own randomness: anything random is drawn from a
 * {@link java.security.SecureRandom} the caller passes in, so tests can inject a seeded source and
 * the application decides which generator to trust.
 *
 * <ul>
 *   <li>{@link chat.mz.crypto.Ed25519}: signatures (identity key K_id, device signing keys).
 *       Strict RFC 8032 verification: non-canonical encodings, {@code S >= L} and small-order
 *       public keys are refused.</li>
 *   <li>{@link chat.mz.crypto.AesGcm}: AES-256-GCM with 96-bit nonces and 128-bit tags (room
 *       keys, keystore, pairing channel).</li>
 *   <li>{@link chat.mz.crypto.RsaOaep}: RSA-OAEP-3072 with SHA-256 and MGF1-SHA-256, to wrap room
 *       keys to a device's encryption key.</li>
 *   <li>{@link chat.mz.crypto.X25519}: Diffie-Hellman agreement, kept for the {@code alg} field
 *       that leaves room for X25519 device keys.</li>
 *   <li>{@link chat.mz.crypto.Hkdf}: HKDF-SHA256 (RFC 5869), e.g. the pairing key from the QR
 *       secret.</li>
 *   <li>{@link chat.mz.crypto.Argon2id}: passphrase hashing for the keystore.</li>
 *   <li>{@link chat.mz.crypto.Bytes}: constant-time comparison and wiping.</li>
 * </ul>
 *
 * <p>Conventions: invalid <em>arguments</em> that are the caller's bug (a key of the wrong size,
 * a negative length) raise {@link java.lang.IllegalArgumentException}; data that came from
 * elsewhere and fails authentication or does not parse raises the checked
 * {@link chat.mz.crypto.CryptoException}, so callers must decide what a forgery means for them.
 * {@link chat.mz.crypto.Ed25519#verify} is the one exception: it answers {@code false} and never
 * throws, because "is this signature good?" has only two answers. Where a parameter is documented
 * as optional (associated data, OAEP label, HKDF salt and info), {@code null} means empty.
 *
 * <p>Byte arrays handed in are not kept and not modified; key pair records hold the arrays they are
 * given (no copies) so that {@code destroy()} really wipes the secret.
 *
 * <p>Implementation: the JDK for AES-GCM and RSA-OAEP (hardware-accelerated AES and GHASH),
 * BouncyCastle's lightweight API for Ed25519 (about ten times faster than the JDK's SunEC on this
 * project's machines), X25519, HKDF and Argon2id. BouncyCastle is used as a library, never
 * registered as a JCA provider, so nothing else in the process changes behaviour.
 */
package chat.mz.crypto;
