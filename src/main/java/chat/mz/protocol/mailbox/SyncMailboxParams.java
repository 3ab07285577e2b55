package chat.mz.protocol.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code SyncMailbox}: post a payload to the other side (optional), then take what the
 * other side posted, waiting for it if asked.
 *
 * @param sessionId   the link session, see {@link MailboxSessionId}
 * @param side        which end the caller is
 * @param payload     bytes for the other side (base64 on the wire), or null to only read
 * @param waitForData whether to wait, for a bounded time, when nothing is there yet
 */
public record SyncMailboxParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) MailboxSide side,
        byte[] payload,
        boolean waitForData) {

    /** Payloads above this many bytes are refused. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    public static SyncMailboxParams post(MailboxSessionId id, MailboxSide side, byte[] payload) {
        return new SyncMailboxParams(id.value(), side, payload, false);
    }

    public static SyncMailboxParams poll(MailboxSessionId id, MailboxSide side, boolean waitForData) {
        return new SyncMailboxParams(id.value(), side, null, waitForData);
    }
}
