package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * Parameters naming a session and a user: {@code allow_user_join_session},
 * {@code deny_user_join_session}, {@code invite_user_to_session}, {@code remove_user_from_session}.
 *
 * @param roomKeys for {@code allow_user_join_session} in an encrypted session whose newcomers may
 *                 read earlier messages: the current room key wrapped to each of the requester's
 *                 devices; left out otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionUserParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String userId,
        List<WrappedRoomKey> roomKeys) {

    public SessionUserParams {
        roomKeys = roomKeys == null ? null : List.copyOf(roomKeys);
    }

    /** A session and a user, without room keys. */
    public SessionUserParams(String sessionId, String userId) {
        this(sessionId, userId, null);
    }
}
