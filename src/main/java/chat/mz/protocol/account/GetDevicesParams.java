package chat.mz.protocol.account;

/** Parameters of {@code GetDevices}: the account, by id or by username (exactly one of them). */
public record GetDevicesParams(String userId, String username) {
    public static GetDevicesParams byUsername(String username) {
        return new GetDevicesParams(null, username);
    }

    public static GetDevicesParams byUserId(String userId) {
        return new GetDevicesParams(userId, null);
    }
}
