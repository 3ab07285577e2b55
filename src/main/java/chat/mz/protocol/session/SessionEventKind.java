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
    OWNER_CHANGED,
    /** The owner switched end-to-end encryption on ({@code e2eeize_session}). */
    E2EE_ON,
    /** The owner switched end-to-end encryption off ({@code dee2eeize_session}): never silent. */
    E2EE_OFF,
    /** A member replaced the room key; {@code key_epoch} is the new epoch. */
    KEY_REPLACED,
    /** The owner changed the rotation period or who may read earlier messages. */
    SETTINGS_CHANGED;

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
