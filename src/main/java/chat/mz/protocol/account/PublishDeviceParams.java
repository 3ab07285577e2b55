package chat.mz.protocol.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code PublishDevice}: the authorized device adds a newly linked device to its
 * account.
 *
 * @param certificate the new device's certificate as issued by K_id (its countersignature comes
 *                    with the device's own {@code Login})
 * @param deviceList  the next version of the signed device list, naming the new device
 */
public record PublishDeviceParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] certificate,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] deviceList) {
}
