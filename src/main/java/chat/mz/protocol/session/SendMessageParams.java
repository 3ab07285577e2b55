package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code send_message}.
 *
 * @param messageId chosen by the sending device ({@link SessionIds}); sending the same id again
 *                  answers the first send's result instead of storing a second message
 * @param text      the message, at most {@link #MAX_TEXT_BYTES} bytes of UTF-8
 */
public record SendMessageParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String messageId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String text) {
    /** 16 KiB: a long letter; anything bigger belongs in an attachment. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;
}
