package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters naming just a session: {@code get_session}, {@code join_session},
 * {@code accept_join_session_approval}, {@code decline_session_invitation}, {@code leave_session}.
 */
public record SessionRef(@JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId) {
}
