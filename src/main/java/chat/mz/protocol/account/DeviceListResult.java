package chat.mz.protocol.account;

/** Result of {@code PublishDevice} and {@code RevokeDevice}: the device list version now current. */
public record DeviceListResult(long deviceListVersion) {
}
