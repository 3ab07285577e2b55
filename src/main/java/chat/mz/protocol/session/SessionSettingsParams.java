package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code update_session_settings} (owner only); a setting left out stays as it is.
 *
 * @param rotationSeconds       how long a room key is used before it is replaced, 0 (no limit) or
 *                              {@link #MIN_ROTATION_SECONDS} to {@link #MAX_ROTATION_SECONDS}
 * @param newMembersReadHistory whether newcomers get the current room key and so read earlier messages
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSettingsParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        Long rotationSeconds,
        Boolean newMembersReadHistory) {
    /** A minute: shorter would re-key on nearly every message. */
    public static final long MIN_ROTATION_SECONDS = 60;
    /** A year. */
    public static final long MAX_ROTATION_SECONDS = 366L * 24 * 3600;
}
