package chat.mz.protocol.account;

/** Result of {@code Register}: the account's id and its username as stored (lower case). */
public record RegisterResult(String userId, String username) {
}
