package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a timeline entry records. */
public enum SessionEventKind {
    MESSAGE,
    CREATED,
    JOINED,
    LEFT,
    REMOVED,
    RENAMED,
    OWNER_CHANGED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SessionEventKind fromWire(String name) {
        for (SessionEventKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown session event kind \"" + name + "\"");
    }
}
