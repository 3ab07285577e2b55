package chat.mz.protocol.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * One sealed sync event for one sibling device.
 *
 * @param deviceId another current device of the caller's own account
 * @param payload  base64, at most {@link #MAX_PAYLOAD_BYTES} bytes once decoded: the event sealed
 *                 to that device's encryption key and signed by the sending device
 */
public record SyncItem(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String deviceId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String payload) {
    /** Room for a batch of a thousand messages of history and the keys to read them. */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** {@link #MAX_PAYLOAD_BYTES} in padded base64. */
    public static final int MAX_PAYLOAD_CHARS = (MAX_PAYLOAD_BYTES + 2) / 3 * 4;
}
