package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a session's timeline, numbered by the homeserver ({@code seq} from 1, no gaps): a
 * message or a membership change, which clients show as a system line. Fields a kind does not use
 * are left out.
 *
 * @param kind            what happened
 * @param actorUserId     who did it (the sender of a message)
 * @param actorDeviceId   the device it was done from
 * @param subjectUserId   whom it concerns (joined, left, removed; the new owner for {@code OWNER_CHANGED})
 * @param name            the session's name, for {@code CREATED} and {@code RENAMED}
 * @param messageId       the sender's id of a message
 * @param text            a plaintext message's text
 * @param ciphertext      an encrypted message, base64, as its sender sealed it
 * @param keyEpoch        the room key epoch of an encrypted message, and the new epoch of {@code key_replaced}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEvent(String sessionId, long seq, long serverTime, SessionEventKind kind,
                           String actorUserId, String actorUsername, String actorDeviceId,
                           String subjectUserId, String subjectUsername, String name,
                           String messageId, String text, String ciphertext, Long keyEpoch) {

    /** An entry without encrypted content. */
    public SessionEvent(String sessionId, long seq, long serverTime, SessionEventKind kind, String actorUserId,
                        String actorUsername, String actorDeviceId, String subjectUserId, String subjectUsername,
                        String name, String messageId, String text) {
        this(sessionId, seq, serverTime, kind, actorUserId, actorUsername, actorDeviceId, subjectUserId,
                subjectUsername, name, messageId, text, null, null);
    }

    /** Whether this is an encrypted message. */
    @JsonIgnore
    public boolean isEncrypted() {
        return ciphertext != null;
    }
}
