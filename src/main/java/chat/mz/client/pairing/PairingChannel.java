package chat.mz.client.pairing;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.CryptoException;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The encrypted, ordered channel between the two devices, one mailbox payload per message.
 *
 * <p>A payload is a 22-byte header followed by AES-256-GCM ciphertext and tag:
 * <pre>
 *   0      version (1)
 *   1      direction (1 = initiator → responder, 2 = responder → initiator)
 *   2..17  responder id: 16 random bytes the answering device picked
 *   18..21 sequence number, unsigned big-endian, 0 for a direction's first message
 *   22..   AES-256-GCM(key for direction and responder id, nonce, plaintext, AAD = header ‖ session id)
 * </pre>
 * The nonce is the direction byte, seven zero bytes and the sequence number; since every key belongs
 * to one direction of one responder and each sequence number is used once, no nonce repeats under a
 * key. The receiver takes only the next sequence number of its own conversation, so a replayed,
 * dropped, reordered or altered payload fails with {@link LinkTamperedException}. A payload from
 * further ahead authenticates but is marked {@link Opened#inOrder()} false: the flows accept that
 * only for a final abort notice, because a second device may have taken the payloads before it.
 *
 * <p>A payload that authenticates under another responder id than this channel's peer is
 * reported as {@link Opened#foreign()}: a second device that knows the secret is on the line. The
 * initiator's peer is the first responder whose payload authenticates.
 *
 * <p>Not thread-safe: the flows use it from their serial executor only.
 */
final class PairingChannel {
    static final byte VERSION = 1;
    static final int RESPONDER_ID_BYTES = 16;
    static final int HEADER_BYTES = 2 + RESPONDER_ID_BYTES + Integer.BYTES;
    static final int MAX_PLAINTEXT_BYTES = SyncMailboxParams.MAX_PAYLOAD_BYTES - HEADER_BYTES - AesGcm.TAG_BYTES;

    /** Which way a payload travels. */
    enum Direction {
        INITIATOR_TO_RESPONDER((byte) 1, "initiator-to-responder"),
        RESPONDER_TO_INITIATOR((byte) 2, "responder-to-initiator");

        private final byte code;
        private final String label;

        Direction(byte code, String label) {
            this.code = code;
            this.label = label;
        }

        String label() {
            return label;
        }

        static Direction sentBy(MailboxSide side) {
            return side == MailboxSide.INITIATOR ? INITIATOR_TO_RESPONDER : RESPONDER_TO_INITIATOR;
        }
    }

    /**
     * A payload that authenticated.
     *
     * @param foreign true when it belongs to another responder's conversation than this channel's
     * @param inOrder true when it is exactly the next payload of this channel's conversation; false
     *                for a foreign payload or one from further ahead (numbers were skipped)
     */
    record Opened(byte[] responderId, boolean foreign, boolean inOrder, long sequence, byte[] plaintext) {
    }

    private final PairingKeys keys;
    private final Direction outgoing;
    private final Direction incoming;
    private final Map<String, Long> nextToSend = new HashMap<>();
    private final Map<String, Long> nextToReceive = new HashMap<>();
    private byte[] peer;

    private PairingChannel(PairingKeys keys, MailboxSide self, byte[] peer) {
        this.keys = keys;
        this.outgoing = Direction.sentBy(self);
        this.incoming = Direction.sentBy(self.other());
        this.peer = peer;
    }

    /** The authorized device's end; it learns its peer from the first payload that authenticates. */
    static PairingChannel initiator(PairingKeys keys) {
        return new PairingChannel(keys, MailboxSide.INITIATOR, null);
    }

    /** A new device's end, under the responder id it picked. */
    static PairingChannel responder(PairingKeys keys, byte[] responderId) {
        if (responderId.length != RESPONDER_ID_BYTES) {
            throw new IllegalArgumentException("a responder id is " + RESPONDER_ID_BYTES + " bytes");
        }
        return new PairingChannel(keys, MailboxSide.RESPONDER, responderId.clone());
    }

    /** The responder id of this channel's conversation; empty on the initiator before anyone answered. */
    Optional<byte[]> peer() {
        return Optional.ofNullable(peer).map(byte[]::clone);
    }

    /** Encrypts the next message of this channel's conversation. */
    byte[] seal(byte[] plaintext) {
        if (peer == null) {
            throw new IllegalStateException("nobody has answered yet");
        }
        return sealFor(peer, plaintext);
    }

    /**
     * Encrypts the next message to a given responder's conversation; the initiator uses it to tell a
     * second device that the link was stopped.
     */
    byte[] sealFor(byte[] responderId, byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a link message must be at most " + MAX_PLAINTEXT_BYTES + " bytes");
        }
        String conversation = HexFormat.of().formatHex(responderId);
        long sequence = nextToSend.getOrDefault(conversation, 0L);
        nextToSend.put(conversation, sequence + 1);
        byte[] header = header(outgoing, responderId, sequence);
        byte[] key = keys.channelKey(outgoing, responderId);
        try {
            byte[] sealed = AesGcm.seal(key, nonce(outgoing, sequence), plaintext, associatedData(header));
            return ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
        } finally {
            Bytes.wipe(key);
        }
    }

    /**
     * Checks and decrypts a payload from the other side.
     *
     * @throws LinkTamperedException if it does not authenticate, travels the wrong way, or (in this
     *         channel's own conversation) is not the next message
     */
    Opened open(byte[] payload) throws LinkTamperedException {
        if (payload == null || payload.length < HEADER_BYTES + AesGcm.TAG_BYTES
                || payload.length > SyncMailboxParams.MAX_PAYLOAD_BYTES
                || payload[0] != VERSION || payload[1] != incoming.code) {
            throw new LinkTamperedException();
        }
        byte[] header = Arrays.copyOf(payload, HEADER_BYTES);
        byte[] responderId = Arrays.copyOfRange(payload, 2, 2 + RESPONDER_ID_BYTES);
        long sequence = Integer.toUnsignedLong(ByteBuffer.wrap(payload, 2 + RESPONDER_ID_BYTES, 4).getInt());
        byte[] key = keys.channelKey(incoming, responderId);
        byte[] plaintext;
        try {
            plaintext = AesGcm.open(key, nonce(incoming, sequence),
                    Arrays.copyOfRange(payload, HEADER_BYTES, payload.length), associatedData(header));
        } catch (CryptoException e) {
            throw new LinkTamperedException();
        } finally {
            Bytes.wipe(key);
        }
        boolean foreign = peer != null && !Arrays.equals(peer, responderId);
        boolean inOrder = false;
        if (!foreign) {
            String conversation = HexFormat.of().formatHex(responderId);
            long expected = nextToReceive.getOrDefault(conversation, 0L);
            if (sequence < expected) {
                // a payload taken before, coming again
                throw new LinkTamperedException();
            }
            inOrder = sequence == expected;
            if (inOrder) {
                nextToReceive.put(conversation, sequence + 1);
                // the initiator's first authentic in-order payload (number 0) names its peer
                peer = responderId;
            }
        }
        return new Opened(responderId, foreign, inOrder, sequence, plaintext);
    }

    /**
     * The responder id a payload claims in its header, unauthenticated: where to send a notice
     * that a payload was tampered with when no conversation exists yet. A notice sent there can
     * only be read by a device holding the secret.
     */
    static Optional<byte[]> claimedResponder(byte[] payload) {
        if (payload == null || payload.length < HEADER_BYTES) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(payload, 2, 2 + RESPONDER_ID_BYTES));
    }

    private byte[] associatedData(byte[] header) {
        byte[] session = keys.sessionIdBytes();
        return ByteBuffer.allocate(header.length + session.length).put(header).put(session).array();
    }

    private static byte[] header(Direction direction, byte[] responderId, long sequence) {
        if (sequence > 0xFFFF_FFFFL) {
            throw new IllegalStateException("too many messages on one link");
        }
        return ByteBuffer.allocate(HEADER_BYTES).put(VERSION).put(direction.code).put(responderId)
                .putInt((int) sequence).array();
    }

    private static byte[] nonce(Direction direction, long sequence) {
        return ByteBuffer.allocate(AesGcm.NONCE_BYTES).put(direction.code).put(new byte[7])
                .putInt((int) sequence).array();
    }
}
