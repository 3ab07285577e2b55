package chat.mz.server.store;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.session.SendMessageResult;

/**
 * What a send committed: the message's place, or a refusal that still committed something (an
 * encrypted message in a session due for a new key is refused, and its device is asked to re-key).
 *
 * @param sent    the stored (or earlier) message's seq and time; null when refused
 * @param refusal the code to answer with; null when sent
 */
public record SendOutcome(SendMessageResult sent, ErrorCode refusal) {
    /** The message is stored (now or by an earlier send of the same id). */
    public static SendOutcome sent(SendMessageResult result) {
        return new SendOutcome(result, null);
    }

    /** The message was refused with {@code code}; what the send queued is committed all the same. */
    public static SendOutcome refused(ErrorCode code) {
        return new SendOutcome(null, code);
    }
}
