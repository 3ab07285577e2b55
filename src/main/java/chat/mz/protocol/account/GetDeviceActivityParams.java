package chat.mz.protocol.account;

/** Parameters of {@code GetDeviceActivity}: none; it always answers for the caller's own account. */
public record GetDeviceActivityParams() {
}
