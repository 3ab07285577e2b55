package chat.mz.protocol.session;

/** Parameters of {@code list_sessions}: none. */
public record ListSessionsParams() {
}
