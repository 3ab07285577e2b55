package chat.mz.server.account;

/** Who a connection is after a successful {@code Login}: an account's device. */
public record LoggedInDevice(String userId, String username, String deviceId) {
}
