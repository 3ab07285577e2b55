package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A member's role in a session: the owner administers it, members talk and invite. */
public enum SessionRole {
    OWNER,
    MEMBER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SessionRole fromWire(String name) {
        for (SessionRole role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be \"owner\" or \"member\"");
    }
}
