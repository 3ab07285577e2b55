package chat.mz.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of error codes on the wire. JSON-RPC's own codes keep their standard numbers; each
 * application error has its own code, grouped by feature in blocks of a hundred, and a sentence a
 * person can read. docs/PROTOCOL.md lists the same table.
 */
public enum ErrorCode {
    PARSE_ERROR(-32700, "The message is not valid JSON."),
    INVALID_REQUEST(-32600, "The message is not a valid JSON-RPC 2.0 request."),
    METHOD_NOT_FOUND(-32601, "There is no such method."),
    INVALID_PARAMS(-32602, "The request's parameters are not valid."),
    INTERNAL_ERROR(-32603, "The homeserver failed to handle the request."),

    /** The homeserver is out of room for this kind of request; trying later may succeed. */
    SERVER_BUSY(1001, "The homeserver is busy. Try again in a moment."),

    MAILBOX_SESSION_ID_INVALID(1101,
            "The link session id is not valid: it needs at least 22 URL-safe characters (128 random bits)."),
    MAILBOX_SESSION_NOT_FOUND(1102, "This link does not exist. Start linking again on the other device."),
    MAILBOX_SESSION_EXPIRED(1103, "This link has expired. Start linking again."),
    MAILBOX_PAYLOAD_TOO_LARGE(1104, "The message is too large for the mailbox (at most 64 KiB)."),
    MAILBOX_SLOT_FULL(1105, "The other device has not picked up the previous message yet."),
    MAILBOX_TOO_MANY_SESSIONS(1106, "This connection has too many link sessions open."),
    MAILBOX_TOO_MANY_WAITS(1107, "This connection has too many waiting mailbox calls."),

    USERNAME_TAKEN(1201, "That username is taken. Choose another one."),
    USERNAME_INVALID(1202, "A username has 3 to 32 characters: letters, digits, dots, dashes and underscores."),
    UNKNOWN_USER(1203, "There is no account with that name on this homeserver."),
    IDENTITY_INVALID(1204, "A certificate, revocation or device list does not check out."),
    DEVICE_REVOKED(1205, "This device was revoked. Link it again to use it."),
    LOGIN_FAILED(1206, "The device could not prove who it is."),
    NOT_LOGGED_IN(1207, "Log in first."),
    DEVICE_LIST_CONFLICT(1208, "The device list changed meanwhile. Fetch it and try again."),
    NOT_AUTHORIZED(1209, "Only the account's authorized device may do that."),
    CANNOT_REVOKE_SELF(1210, "A device cannot revoke itself."),

    SESSION_NOT_FOUND(1301, "There is no such conversation."),
    NOT_A_MEMBER(1302, "You are not a member of this conversation."),
    NOT_SESSION_OWNER(1303, "Only the conversation's owner may do that."),
    NO_SUCH_REQUEST(1304, "There is no such invitation or join request."),
    MESSAGE_TOO_LARGE(1305, "The message is too long (at most 16 KiB of text)."),
    ALREADY_A_MEMBER(1306, "That user is in this conversation already."),
    SESSION_FULL(1307, "This conversation has the most members it can have (1,000)."),
    MESSAGE_ID_REUSED(1308, "This message id was used for another message."),
    TOO_MANY_FETCHES(1309, "This connection has too many waiting fetch_events calls."),
    ROOM_KEY_EPOCH_MISMATCH(1310, "That room key is not the conversation's current one."),
    ROOM_KEY_REPLACEMENT_DUE(1311, "The conversation's room key must be replaced before encrypted messages are sent."),
    ROOM_KEYS_INCOMPLETE(1312, "A new room key must go to every device of every member."),
    NOT_A_MEMBER_DEVICE(1313, "A room key was addressed to a device that is not a member's."),
    E2EE_OFF(1314, "End-to-end encryption is off in this conversation."),

    NOT_A_SIBLING_DEVICE(1401, "A sync event can only go to another current device of your own account."),
    SYNC_EVENT_TOO_LARGE(1402, "A sync event is too large (at most 1 MiB).");

    private static final Map<Integer, ErrorCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    /** The default sentence for this error, fit to show a person. */
    public String message() {
        return message;
    }

    public static Optional<ErrorCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
