package chat.mz.protocol.pairing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why one side stopped a link, as told to the other side in an {@link PairingMessage.Abort}. */
public enum AbortReason {
    /** A payload did not decrypt, came out of order, or said something it should not. */
    TAMPERED,
    /** A second device answered the same QR code. */
    ANOTHER_DEVICE,
    /** The person using the sender stopped linking. */
    CANCELLED,
    /** The new device found the certificate it was sent wrong and did not accept it. */
    CERTIFICATE_REFUSED,
    /** The new device offered a key this app cannot use. */
    UNSUPPORTED;

    /** The name on the wire, e.g. {@code another_device}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a wire name.
     *
     * @throws IllegalArgumentException for a name this version does not know
     */
    @JsonCreator
    public static AbortReason fromWire(String name) {
        for (AbortReason reason : values()) {
            if (reason.wireName().equals(name)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown abort reason");
    }
}
