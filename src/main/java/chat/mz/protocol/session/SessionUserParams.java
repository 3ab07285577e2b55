package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters naming a session and a user: {@code allow_user_join_session},
 * {@code deny_user_join_session}, {@code invite_user_to_session}, {@code remove_user_from_session}.
 */
public record SessionUserParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String userId) {
}
