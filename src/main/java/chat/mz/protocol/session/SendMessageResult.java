package chat.mz.protocol.session;

/** Result of {@code send_message}: the message's place in the session and the homeserver's time. */
public record SendMessageResult(long seq, long serverTime) {
}
