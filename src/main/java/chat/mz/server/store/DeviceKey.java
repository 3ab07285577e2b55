package chat.mz.server.store;

/** One device of one account: whose queue an item goes to, and whom to wake when it does. */
public record DeviceKey(String userId, String deviceId) {
}
