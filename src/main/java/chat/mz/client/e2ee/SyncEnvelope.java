package chat.mz.client.e2ee;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.CryptoException;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals a device sync event from one device of an account to another of the same account, and
 * opens one sealed to this device. The homeserver carries the bytes and reads none of them.
 *
 * <p>Format (version 1): {@code u8 1, id fromUser, id fromDevice, id toDevice, id eventId,
 * int64 createdAtMillis} (the header), then the 384-byte RSA-OAEP-SHA256 wrap of an AES-256 key
 * (the OAEP label binds sender and recipient device, so a wrap opens for no other pair), the 12-byte
 * nonce, the AES-GCM ciphertext of the event (the whole header as associated data), and last the
 * sender device's Ed25519 signature over a label and every byte before it.
 *
 * <p>Opening checks the cheap things first: the header names this device and a sender of the
 * same account; the signature verifies against the sender's certificate (the caller looks it up
 * by {@link #header}); only then one RSA decryption (about 3.5 ms) and the AES-GCM tag. Every
 * event carries its wrapped key, so the format is stateless: a sibling that was offline for a
 * month, or restored from a backup, opens what waits for it with nothing but its own key. A sender
 * may use one {@link Channel} (key and wrap) for many events to one device for a while; the
 * recipient then unwraps it once and keeps it in its {@link OpenedChannels}, which saves the RSA
 * decryption on every later event of that channel.
 *
 * <p>Stateless and thread-safe.
 */
public final class SyncEnvelope {
    /** The largest event that fits a {@code send_sync_event} item once sealed. */
    public static final int MAX_PLAINTEXT_BYTES = 1024 * 1024 - 1024;
    static final int VERSION = 1;
    static final byte[] WRAP_LABEL = Wire.ascii("mzchat sync wrap v1");
    static final byte[] SIGNATURE_LABEL = Wire.ascii("mzchat sync v1");

    private SyncEnvelope() {
    }

    /** Who sealed an event for whom, and when: readable without any key. */
    public record Header(DeviceRef from, DeviceRef to, String eventId, Instant createdAt) {
        public Header {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            IdRules.requireId(eventId, "event id");
            Objects.requireNonNull(createdAt, "createdAt");
            if (!from.userId().equals(to.userId())) {
                throw new IllegalArgumentException("a sync event goes between devices of one account");
            }
        }

        byte[] encode() {
            return new Wire.Writer(1 + 4 * (1 + IdRules.MAX_ID_LENGTH) + Long.BYTES).u8(VERSION).id(from.userId())
                    .id(from.deviceId()).id(to.deviceId()).id(eventId).int64(createdAt.toEpochMilli()).toByteArray();
        }
    }

    /**
     * An AES-256 key wrapped to one recipient device, which a sender may use for many events to it
     * (each with its own nonce) instead of wrapping a fresh key each time. Holds the key: keep it in
     * memory only, and for a bounded time.
     */
    public static final class Channel {
        private final DeviceRef from;
        private final DeviceRef to;
        private final byte[] key;
        private final byte[] wrapped;

        private Channel(DeviceRef from, DeviceRef to, byte[] key, byte[] wrapped) {
            this.from = from;
            this.to = to;
            this.key = key;
            this.wrapped = wrapped;
        }

        /** The recipient device. */
        public DeviceRef to() {
            return to;
        }

        @Override
        public String toString() {
            return "Channel[" + from.deviceId() + " -> " + to.deviceId() + ", key=(hidden)]";
        }
    }

    /**
     * A new channel from {@code from} to {@code recipient}, another device of the same account.
     *
     * @throws E2eeException {@link E2eeException.Reason#UNUSABLE_KEY} if the recipient's key is not RSA-3072
     */
    public static Channel channel(DeviceRef from, RecipientDevice recipient, SecureRandom random)
            throws E2eeException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(recipient, "recipient");
        byte[] key = AesGcm.generateKey(random);
        try {
            return new Channel(from, recipient.device(), key, RsaOaep.encrypt(recipient.encryptionKeyBytes(), key,
                    wrapLabel(from, recipient.device()), random));
        } catch (CryptoException e) {
            Bytes.wipe(key);
            throw new E2eeException(E2eeException.Reason.UNUSABLE_KEY, "The encryption key of device "
                    + recipient.device().deviceId() + " is not an RSA-3072 key; no sync event can be sealed to it.");
        }
    }

    /**
     * Seals {@code plaintext} to {@code recipient}, another device of the sender's account, under a
     * fresh key.
     *
     * @param senderSigningKey the sending device's Ed25519 private key (32-byte seed); not kept
     * @param recipient        from a certificate on the account's own verified device list
     * @throws E2eeException {@link E2eeException.Reason#TOO_LARGE} past {@link #MAX_PLAINTEXT_BYTES};
     *         {@link E2eeException.Reason#UNUSABLE_KEY} if the recipient's key is not RSA-3072
     */
    public static byte[] seal(Header header, byte[] plaintext, byte[] senderSigningKey, RecipientDevice recipient,
                              SecureRandom random) throws E2eeException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(recipient, "recipient");
        if (!recipient.device().equals(header.to())) {
            throw new IllegalArgumentException("the header names another recipient");
        }
        requireSize(plaintext);
        Channel channel = channel(header.from(), recipient, random);
        try {
            return seal(header, plaintext, senderSigningKey, channel, random);
        } finally {
            Bytes.wipe(channel.key);
        }
    }

    /** Seals {@code plaintext} under a channel's key, to the channel's recipient. */
    public static byte[] seal(Header header, byte[] plaintext, byte[] senderSigningKey, Channel channel,
                              SecureRandom random) throws E2eeException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(channel, "channel");
        if (!channel.to.equals(header.to()) || !channel.from.equals(header.from())) {
            throw new IllegalArgumentException("the header names another sender or recipient than the channel");
        }
        requireSize(plaintext);
        byte[] head = header.encode();
        byte[] nonce = AesGcm.newNonce(random);
        byte[] ciphertext = AesGcm.seal(channel.key, nonce, plaintext, head);
        byte[] unsigned = new Wire.Writer(head.length + channel.wrapped.length + nonce.length + ciphertext.length
                + Ed25519.SIGNATURE_BYTES).raw(head).raw(channel.wrapped).raw(nonce).raw(ciphertext).toByteArray();
        byte[] signature = Ed25519.sign(Objects.requireNonNull(senderSigningKey, "senderSigningKey"),
                signed(unsigned, unsigned.length));
        byte[] sealed = Arrays.copyOf(unsigned, unsigned.length + signature.length);
        System.arraycopy(signature, 0, sealed, unsigned.length, signature.length);
        return sealed;
    }

    private static void requireSize(byte[] plaintext) throws E2eeException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new E2eeException(E2eeException.Reason.TOO_LARGE, "This sync event is too large to send ("
                    + plaintext.length + " bytes; at most " + MAX_PLAINTEXT_BYTES + ").");
        }
    }

    /** Reads the header alone, so the caller can find the sender's certificate before opening. */
    public static Header header(byte[] sealed) throws E2eeException {
        Wire.Reader in = new Wire.Reader(Objects.requireNonNull(sealed, "sealed"), "sync event");
        int version = in.u8("version");
        if (version != VERSION) {
            throw new E2eeException(E2eeException.Reason.UNSUPPORTED_VERSION, "This sync event has format version "
                    + version + ", which this app cannot read. Update the app on this device.");
        }
        String user = in.id("sender's user id");
        String fromDevice = in.id("sender's device id");
        String toDevice = in.id("recipient's device id");
        String eventId = in.id("event id");
        long createdAt = in.int64("creation time");
        int rest = RsaOaep.CIPHERTEXT_BYTES + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES + Ed25519.SIGNATURE_BYTES;
        if (in.remaining() < rest) {
            throw in.malformed("it is too short to hold a sealed event");
        }
        return new Header(new DeviceRef(user, fromDevice), new DeviceRef(user, toDevice), eventId,
                Instant.ofEpochMilli(createdAt));
    }

    /**
     * Opens an event sealed to {@code me}, checking in this order: it names {@code me} as recipient
     * ({@link E2eeException.Reason#WRONG_RECIPIENT}); the sender signed it
     * ({@link E2eeException.Reason#BAD_SIGNATURE}); it decrypts under this device's key
     * ({@link E2eeException.Reason#DECRYPT_FAILED}).
     *
     * @param encryptionPrivateKey this device's RSA private key, PKCS#8; not kept
     * @param senderSigningKey     from the certificate of {@code header(sealed).from()}, on the
     *                             account's verified device list
     */
    public static byte[] open(byte[] sealed, DeviceRef me, byte[] encryptionPrivateKey, byte[] senderSigningKey)
            throws E2eeException {
        Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey");
        return open(sealed, me, senderSigningKey, (wrapped, label) -> RsaOaep.decrypt(encryptionPrivateKey, wrapped,
                label), null);
    }

    /**
     * As {@link #open(byte[], DeviceRef, byte[], byte[])}, unwrapping the key with this device's
     * secrets only when {@code channels} does not hold it already from an earlier event.
     */
    public static byte[] open(byte[] sealed, DeviceRef me, byte[] senderSigningKey, DeviceSecrets secrets,
                              OpenedChannels channels) throws E2eeException {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(channels, "channels");
        return open(sealed, me, senderSigningKey, (wrapped, label) -> {
            try {
                return secrets.withEncryptionKey(key -> {
                    try {
                        return RsaOaep.decrypt(key, wrapped, label);
                    } catch (CryptoException e) {
                        throw new E2eeException(E2eeException.Reason.DECRYPT_FAILED, e.getMessage());
                    }
                });
            } catch (E2eeException e) {
                throw new CryptoException(e.getMessage());
            }
        }, channels);
    }

    /** Unwraps a channel key. */
    @FunctionalInterface
    private interface Unwrap {
        byte[] apply(byte[] wrapped, byte[] label) throws CryptoException;
    }

    private static byte[] open(byte[] sealed, DeviceRef me, byte[] senderSigningKey, Unwrap unwrap,
                               OpenedChannels channels) throws E2eeException {
        Header header = header(sealed);
        if (!header.to().equals(me)) {
            throw new E2eeException(E2eeException.Reason.WRONG_RECIPIENT,
                    "This sync event was sealed to another device.");
        }
        int signedLength = sealed.length - Ed25519.SIGNATURE_BYTES;
        byte[] signature = Arrays.copyOfRange(sealed, signedLength, sealed.length);
        if (!Ed25519.verify(senderSigningKey, signed(sealed, signedLength), signature)) {
            throw new E2eeException(E2eeException.Reason.BAD_SIGNATURE,
                    "This sync event was not signed by the device it claims to come from.");
        }
        byte[] head = header.encode();
        int at = head.length;
        byte[] wrapped = Arrays.copyOfRange(sealed, at, at + RsaOaep.CIPHERTEXT_BYTES);
        at += RsaOaep.CIPHERTEXT_BYTES;
        byte[] nonce = Arrays.copyOfRange(sealed, at, at + AesGcm.NONCE_BYTES);
        at += AesGcm.NONCE_BYTES;
        byte[] ciphertext = Arrays.copyOfRange(sealed, at, signedLength);
        byte[] label = wrapLabel(header.from(), header.to());
        byte[] cached = channels == null ? null : channels.get(label, wrapped);
        byte[] key = null;
        try {
            key = cached != null ? cached : unwrap.apply(wrapped, label);
            if (key.length != AesGcm.KEY_BYTES) {
                throw new CryptoException("not an AES-256 key");
            }
            byte[] plaintext = AesGcm.open(key, nonce, ciphertext, head);
            if (channels != null && cached == null) {
                channels.put(label, wrapped, key);
            }
            return plaintext;
        } catch (CryptoException e) {
            throw new E2eeException(E2eeException.Reason.DECRYPT_FAILED,
                    "This sync event could not be decrypted with this device's key.");
        } finally {
            Bytes.wipe(key);
        }
    }

    /** The OAEP label: binds a wrapped key to one sending and one receiving device. */
    static byte[] wrapLabel(DeviceRef from, DeviceRef to) {
        return new Wire.Writer(WRAP_LABEL.length + 3 * (1 + IdRules.MAX_ID_LENGTH)).raw(WRAP_LABEL)
                .id(from.userId()).id(from.deviceId()).id(to.deviceId()).toByteArray();
    }

    private static byte[] signed(byte[] bytes, int length) {
        byte[] out = Arrays.copyOf(SIGNATURE_LABEL, SIGNATURE_LABEL.length + length);
        System.arraycopy(bytes, 0, out, SIGNATURE_LABEL.length, length);
        return out;
    }
}
