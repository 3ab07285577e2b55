package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * Parameters of {@code send_room_key}: a room key, wrapped to member devices.
 *
 * @param epoch   with {@code replace}, the session's current epoch + 1 (a new key for everyone);
 *                without, the current epoch (the current key for devices that lack it)
 * @param replace whether this replaces the room key; the homeserver takes only one replacement per
 *                epoch (compare and swap), so of two members re-keying at once one is refused
 * @param keys    one entry per recipient device, at most {@link #MAX_KEYS}
 */
public record SendRoomKeyParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) long epoch,
        boolean replace,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) List<WrappedRoomKey> keys) {
    /** Two devices each of the most members a session can have, and room for more devices. */
    public static final int MAX_KEYS = 4000;

    public SendRoomKeyParams {
        keys = keys == null ? null : List.copyOf(keys);
    }
}
