package chat.mz.client.messaging;

import java.util.Objects;

/** Who this device is: the account and the device, as the messaging services need them. */
public record Me(String userId, String deviceId, String username) {
    public Me {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(username, "username");
    }
}
