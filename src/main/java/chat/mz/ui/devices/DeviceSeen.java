package chat.mz.ui.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * When the homeserver last saw one device: only its word, unsigned, so it is shown and nothing more.
 *
 * @param deviceId   the device
 * @param lastSeenAt its last sign-in or disconnect; null if it never signed in
 * @param online     whether it is signed in right now
 */
public record DeviceSeen(String deviceId, Instant lastSeenAt, boolean online) {
    public DeviceSeen {
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
