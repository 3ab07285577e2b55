package chat.mz.protocol.account;

/** Result of {@code Login}: who this connection now is, and the account's device list version. */
public record LoginResult(String userId, String username, String deviceId, long deviceListVersion) {
}
