package chat.mz.protocol.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code Login}: after it, every call on the connection acts as this device.
 *
 * @param certificate the device's countersigned certificate
 * @param signature   the device's signature over the login challenge (server name, the
 *                    {@code login_nonce} of this connection's {@code ServerHello}, user id, device id)
 */
public record LoginParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String userId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String deviceId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] certificate,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] signature) {
}
