package chat.mz.client.e2ee;

import chat.mz.crypto.Bytes;
import chat.mz.crypto.CryptoException;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Seals a room key to member devices and opens one sealed to this device (the format is
 * {@link SealedRoomKey}'s). Each recipient is a device, not an account: every device has its own
 * encryption key, and a device revoked later never had the others' private keys.
 *
 * <p>The sender signs the key once per re-key, not once per recipient: the signature covers a
 * commitment to the key (SHA-256 of a label and the key bytes) with the session, epoch, creation
 * time and sender, and each recipient checks it once it has decrypted the key. Per recipient a
 * re-key then costs one RSA-3072 encryption (about 0.1 ms); a signature per recipient would add
 * about 0.08 ms more. {@link #wrapForAll} spreads the encryptions over an executor. Opening costs
 * one RSA decryption (about 3.5 ms) and one signature check.
 *
 * <p>Stateless and thread-safe.
 */
public final class RoomKeyWrap {
    static final byte[] WRAP_LABEL = Wire.ascii("mzchat room key wrap v1");
    static final byte[] SIGNATURE_LABEL = Wire.ascii("mzchat room key v1");
    static final byte[] COMMITMENT_LABEL = Wire.ascii("mzchat room key commitment v1");
    /** The RSA plaintext: the key and its creation time in milliseconds. */
    static final int PLAINTEXT_BYTES = RoomKey.KEY_BYTES + Long.BYTES;
    /** Recipients per task in {@link #wrapForAll}: about half a millisecond, far above the cost of a task. */
    private static final int RECIPIENTS_PER_TASK = 16;

    private RoomKeyWrap() {
    }

    /**
     * Seals {@code key} to one device.
     *
     * @param sender           this device, which signs
     * @param senderSigningKey this device's Ed25519 private key (32-byte seed); not kept
     * @param recipient        from a certificate checked against the member's device list
     * @throws E2eeException {@link E2eeException.Reason#UNUSABLE_KEY} if the recipient's encryption
     *         key does not parse as an RSA-3072 public key
     */
    public static SealedRoomKey wrap(RoomKey key, DeviceRef sender, byte[] senderSigningKey, RecipientDevice recipient,
                                     SecureRandom random) throws E2eeException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(random, "random");
        byte[] signature = sign(key, sender, senderSigningKey);
        byte[] plaintext = plaintext(key);
        try {
            return seal(key, sender, signature, recipient, plaintext, random);
        } finally {
            Bytes.wipe(plaintext);
        }
    }

    /**
     * Seals {@code key} to every recipient, in parallel on {@code executor}: what a re-key or a new
     * member's first key costs. Signs once, on the calling thread (about 0.1 ms), then returns; the
     * stage completes with one result per recipient, in the order given, once all are done. A
     * recipient whose key cannot be used gets a {@link WrapResult.Failed} and does not hold up the
     * others. The caller may wipe its signing key as soon as this returns.
     *
     * @return completes exceptionally only if the executor refuses the work or a task fails on a bug
     */
    public static CompletableFuture<List<WrapResult>> wrapForAll(RoomKey key, DeviceRef sender, byte[] senderSigningKey,
                                                                 List<RecipientDevice> recipients, SecureRandom random,
                                                                 Executor executor) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(executor, "executor");
        List<RecipientDevice> all = List.copyOf(recipients);
        byte[] signature = sign(key, sender, senderSigningKey);
        byte[] plaintext = plaintext(key);
        List<CompletableFuture<List<WrapResult>>> parts = new ArrayList<>();
        for (int from = 0; from < all.size(); from += RECIPIENTS_PER_TASK) {
            List<RecipientDevice> part = all.subList(from, Math.min(all.size(), from + RECIPIENTS_PER_TASK));
            try {
                parts.add(CompletableFuture.supplyAsync(
                        () -> sealEach(key, sender, signature, part, plaintext, random), executor));
            } catch (RejectedExecutionException e) {
                parts.add(CompletableFuture.failedFuture(e));
                break;
            }
        }
        // allOf waits for every part, failed or not, so nothing still reads the key once it is wiped
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((done, failure) -> {
            Bytes.wipe(plaintext);
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            List<WrapResult> results = new ArrayList<>(all.size());
            parts.forEach(part -> results.addAll(part.join()));
            return List.copyOf(results);
        });
    }

    /**
     * Opens a room key sealed to this device, checking in this order: it was sealed to {@code me}
     * ({@link E2eeException.Reason#WRONG_RECIPIENT}), for {@code expectedSessionId}
     * ({@link E2eeException.Reason#WRONG_SESSION}) and {@code expectedEpoch}
     * ({@link E2eeException.Reason#WRONG_EPOCH}); it decrypts under this device's key with the OAEP
     * label for exactly this session, epoch and device ({@link E2eeException.Reason#DECRYPT_FAILED});
     * the sender device signed this very key for this session and epoch
     * ({@link E2eeException.Reason#BAD_SIGNATURE}). So a sealed key handed to another device, or
     * replayed for another session or epoch, fails whether or not its clear fields were rewritten to
     * match; and a key of anyone else's choosing (RSA encryption needs only the public key) fails the
     * signature.
     *
     * <p>{@code senderSigningKey} must come from the certificate of {@code sealed.sender()}, checked
     * against that user's identity key and current device list. The caller also checks that the
     * sender may hand out this session's keys: a member of it, or one of this account's own devices
     * forwarding a key it holds.
     *
     * @param encryptionPrivateKey this device's RSA private key, PKCS#8; not kept
     * @return the key, with the creation time its sender sealed with it
     */
    public static RoomKey unwrap(SealedRoomKey sealed, byte[] encryptionPrivateKey, String expectedSessionId,
                                 long expectedEpoch, DeviceRef me, byte[] senderSigningKey) throws E2eeException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(expectedSessionId, "expectedSessionId");
        Objects.requireNonNull(me, "me");
        if (!sealed.recipient().equals(me)) {
            throw new E2eeException(E2eeException.Reason.WRONG_RECIPIENT,
                    "This room key was sealed to another device.");
        }
        if (!sealed.sessionId().equals(expectedSessionId)) {
            throw new E2eeException(E2eeException.Reason.WRONG_SESSION,
                    "This room key belongs to another conversation.");
        }
        if (sealed.epoch() != expectedEpoch) {
            throw new E2eeException(E2eeException.Reason.WRONG_EPOCH, "This room key is key " + sealed.epoch()
                    + " of the conversation, not key " + expectedEpoch + " as expected.");
        }
        byte[] plaintext = null;
        byte[] keyBytes = null;
        RoomKey key;
        try {
            plaintext = RsaOaep.decrypt(encryptionPrivateKey, sealed.wrappedKeyBytes(),
                    oaepLabel(expectedSessionId, expectedEpoch, me));
            if (plaintext.length != PLAINTEXT_BYTES) {
                throw new CryptoException("not a room key");
            }
            keyBytes = Arrays.copyOf(plaintext, RoomKey.KEY_BYTES);
            key = RoomKey.of(expectedSessionId, expectedEpoch, keyBytes,
                    Instant.ofEpochMilli(readLong(plaintext, RoomKey.KEY_BYTES)));
        } catch (CryptoException e) {
            throw new E2eeException(E2eeException.Reason.DECRYPT_FAILED,
                    "This room key could not be decrypted with this device's key.");
        } finally {
            Bytes.wipe(plaintext);
            Bytes.wipe(keyBytes);
        }
        if (!Ed25519.verify(senderSigningKey, signedBytes(key, sealed.sender()), sealed.signatureBytes())) {
            throw new E2eeException(E2eeException.Reason.BAD_SIGNATURE,
                    "This room key was not signed by the device it claims to come from.");
        }
        return key;
    }

    /** The OAEP label: binds a wrapped key to one session, epoch and recipient device. */
    static byte[] oaepLabel(String sessionId, long epoch, DeviceRef recipient) {
        return new Wire.Writer(WRAP_LABEL.length + 3 * (1 + IdRules.MAX_ID_LENGTH) + Long.BYTES).raw(WRAP_LABEL)
                .id(sessionId).int64(epoch).id(recipient.userId()).id(recipient.deviceId()).toByteArray();
    }

    /**
     * What a sealed key's signature covers: the label, session id, epoch, creation time
     * (milliseconds), the sender's ids and the key's commitment.
     */
    static byte[] signedBytes(RoomKey key, DeviceRef sender) {
        return new Wire.Writer(SIGNATURE_LABEL.length + 3 * (1 + IdRules.MAX_ID_LENGTH) + 2 * Long.BYTES + 32)
                .raw(SIGNATURE_LABEL).id(key.sessionId()).int64(key.epoch()).int64(key.createdAt().toEpochMilli())
                .id(sender.userId()).id(sender.deviceId()).raw(commitment(key)).toByteArray();
    }

    /**
     * SHA-256 of a label and the key bytes: binds the signature to one key without showing it. The
     * key is 256 random bits, so the hash gives nothing away that guessing could use.
     */
    static byte[] commitment(RoomKey key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(COMMITMENT_LABEL);
            return sha256.digest(key.key());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static List<WrapResult> sealEach(RoomKey key, DeviceRef sender, byte[] signature,
                                             List<RecipientDevice> recipients, byte[] plaintext, SecureRandom random) {
        List<WrapResult> results = new ArrayList<>(recipients.size());
        for (RecipientDevice recipient : recipients) {
            try {
                results.add(new WrapResult.Wrapped(recipient,
                        seal(key, sender, signature, recipient, plaintext, random)));
            } catch (E2eeException e) {
                results.add(new WrapResult.Failed(recipient, e));
            }
        }
        return results;
    }

    private static SealedRoomKey seal(RoomKey key, DeviceRef sender, byte[] signature, RecipientDevice recipient,
                                      byte[] plaintext, SecureRandom random) throws E2eeException {
        DeviceRef to = recipient.device();
        byte[] wrapped;
        try {
            wrapped = RsaOaep.encrypt(recipient.encryptionKeyBytes(), plaintext,
                    oaepLabel(key.sessionId(), key.epoch(), to), random);
        } catch (CryptoException e) {
            throw new E2eeException(E2eeException.Reason.UNUSABLE_KEY, "The encryption key of device " + to.deviceId()
                    + " of user " + to.userId() + " is not an RSA-3072 key; no room key can be sealed to it.");
        }
        return new SealedRoomKey(key.sessionId(), key.epoch(), sender, to, wrapped, signature);
    }

    private static byte[] sign(RoomKey key, DeviceRef sender, byte[] signingPrivateKey) {
        return Ed25519.sign(Objects.requireNonNull(signingPrivateKey, "senderSigningKey"), signedBytes(key, sender));
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + Long.BYTES; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static byte[] plaintext(RoomKey key) {
        Wire.Writer out = new Wire.Writer(PLAINTEXT_BYTES).raw(key.key()).int64(key.createdAt().toEpochMilli());
        return out.toByteArray();
    }
}
