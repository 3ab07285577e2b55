package chat.mz.protocol.account;

import java.util.List;

/** Result of {@code GetDeviceActivity}: every device of the account the homeserver has stored, revoked ones included. */
public record GetDeviceActivityResult(List<DeviceActivity> devices) {
    public GetDeviceActivityResult {
        devices = List.copyOf(devices);
    }
}
