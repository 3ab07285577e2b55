package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * Parameters of {@code new_session}: a group with a name, or a direct (1:1) chat with exactly one
 * other member. The caller becomes the owner; the members named are in it at once.
 *
 * @param name    the group's name (1–64 characters); ignored for a direct chat
 * @param e2eeOn  whether the session is end-to-end encrypted
 * @param members user ids of the other initial members
 * @param direct  a 1:1 chat: asking again for the same pair answers the existing session
 */
public record NewSessionRequest(
        String name,
        boolean e2eeOn,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) List<String> members,
        boolean direct) {
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_INITIAL_MEMBERS = 256;

    public NewSessionRequest {
        members = members == null ? null : List.copyOf(members);
    }

    public static NewSessionRequest group(String name, boolean e2eeOn, List<String> members) {
        return new NewSessionRequest(name, e2eeOn, members, false);
    }

    public static NewSessionRequest direct(String otherUserId, boolean e2eeOn) {
        return new NewSessionRequest(null, e2eeOn, List.of(otherUserId), true);
    }
}
