package chat.mz.protocol.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code RevokeDevice}: the authorized device takes a device back.
 *
 * @param revocation the K_id-signed revocation
 * @param deviceList the next version of the signed device list, without the revoked device
 */
public record RevokeDeviceParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] revocation,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] deviceList) {
}
