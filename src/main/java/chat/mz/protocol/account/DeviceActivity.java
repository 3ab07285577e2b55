package chat.mz.protocol.account;

/**
 * What the homeserver saw of one of the caller's devices. Unsigned and only the homeserver's word:
 * clients show it, but decide nothing on it (the signed device list says which devices exist).
 *
 * @param deviceId   the device
 * @param linkedAt   when the device was published (ms since the Unix epoch)
 * @param lastSeenAt when it last logged in or disconnected (ms since the Unix epoch); null if never
 * @param online     whether a connection is logged in as it now
 */
public record DeviceActivity(String deviceId, long linkedAt, Long lastSeenAt, boolean online) {
}
