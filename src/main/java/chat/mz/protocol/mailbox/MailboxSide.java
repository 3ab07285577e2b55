package chat.mz.protocol.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which end of a link session a caller is. The initiator is the device that made the session and
 * shows its QR code (the authorized desktop); the responder is the device that scanned it. Naming
 * the side in every call, instead of tying it to a connection, is what keeps a caller from ever
 * reading back its own payload, even after it reconnects.
 */
public enum MailboxSide {
    INITIATOR,
    RESPONDER;

    public MailboxSide other() {
        return this == INITIATOR ? RESPONDER : INITIATOR;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MailboxSide fromWire(String name) {
        for (MailboxSide side : values()) {
            if (side.wireName().equals(name)) {
                return side;
            }
        }
        throw new IllegalArgumentException("side must be \"initiator\" or \"responder\"");
    }
}
