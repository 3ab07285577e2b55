package chat.mz.ui.chats;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a conversation's timeline: a message or a system line ("Bob joined.").
 *
 * @param conversationId where it belongs
 * @param messageId      unique within the conversation; stays the same from pending to delivered
 * @param seq            its place in the conversation; null until the homeserver has accepted it
 * @param senderName     who wrote it; empty for system lines
 * @param text           what it says
 * @param time           when the homeserver accepted it, or when it was written while pending
 * @param outgoing       written by this account
 * @param system         a membership change rather than a message
 * @param delivery       how far an outgoing message has got
 * @param failure        why it was refused, for {@link Delivery#FAILED}; empty otherwise
 * @param protection     whether it was end-to-end encrypted, or could not be opened on this device
 * @param otherDevice    for this account's messages sent from another of its devices, that device's id;
 *                       empty for messages sent from this device and for everyone else's
 */
public record MessageItem(String conversationId, String messageId, Long seq, String senderName, String text,
                          Instant time, boolean outgoing, boolean system, Delivery delivery, String failure,
                          Protection protection, String otherDevice) {

    /** How far an outgoing message has got. */
    public enum Delivery {
        PENDING, SENT, DELIVERED, FAILED
    }

    /**
     * How a message reached this device. {@link #ENCRYPTED}: received ones decrypted and their
     * signature checked, own ones sealed before sending. {@link #UNREADABLE}: it arrived encrypted but
     * could not be opened or verified here; its text explains why.
     */
    public enum Protection {
        PLAIN, ENCRYPTED, UNREADABLE
    }

    /** A line sent from this device, or someone else's. */
    public MessageItem(String conversationId, String messageId, Long seq, String senderName, String text,
                       Instant time, boolean outgoing, boolean system, Delivery delivery, String failure,
                       Protection protection) {
        this(conversationId, messageId, seq, senderName, text, time, outgoing, system, delivery, failure, protection,
                "");
    }

    /** A line sent in the clear. */
    public MessageItem(String conversationId, String messageId, Long seq, String senderName, String text,
                       Instant time, boolean outgoing, boolean system, Delivery delivery, String failure) {
        this(conversationId, messageId, seq, senderName, text, time, outgoing, system, delivery, failure,
                Protection.PLAIN);
    }

    public MessageItem {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(delivery, "delivery");
        senderName = senderName == null ? "" : senderName;
        failure = failure == null ? "" : failure;
        protection = protection == null ? Protection.PLAIN : protection;
        otherDevice = otherDevice == null ? "" : otherDevice;
    }
}
