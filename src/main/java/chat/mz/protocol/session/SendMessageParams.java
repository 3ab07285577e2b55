package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code send_message}: a plaintext message ({@code text}) or an end-to-end encrypted
 * one ({@code ciphertext} under room key {@code keyEpoch}), never both.
 *
 * @param messageId  chosen by the sending device ({@link SessionIds}); sending the same id again
 *                   answers the first send's result instead of storing a second message
 * @param text       a plaintext message, at most {@link #MAX_TEXT_BYTES} bytes of UTF-8
 * @param ciphertext an encrypted message, base64, at most {@link #MAX_CIPHERTEXT_CHARS} characters;
 *                   the homeserver stores and forwards it without reading it
 * @param keyEpoch   the room key epoch the ciphertext is sealed under; must be the session's current one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String messageId,
        String text,
        String ciphertext,
        Long keyEpoch) {
    /** 16 KiB: a long letter; anything bigger belongs in an attachment. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;
    /** A sealed message of {@link #MAX_TEXT_BYTES} with its header, tag and signature, in base64, and room to spare. */
    public static final int MAX_CIPHERTEXT_CHARS = 24 * 1024;

    /** A plaintext message. */
    public SendMessageParams(String sessionId, String messageId, String text) {
        this(sessionId, messageId, text, null, null);
    }

    /** An encrypted message. */
    public static SendMessageParams encrypted(String sessionId, String messageId, String ciphertext, long keyEpoch) {
        return new SendMessageParams(sessionId, messageId, null, ciphertext, keyEpoch);
    }

    /** Whether this is an encrypted message. */
    @JsonIgnore
    public boolean isEncrypted() {
        return ciphertext != null;
    }
}
