package chat.mz.protocol.session;

/**
 * To the sender's devices: every other member (at the time of sending) has at least one device that
 * has taken the message from its queue.
 */
public record MessageDelivered(String sessionId, long seq, String messageId) {
}
