package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of queue items, named as the group-chat design names its notifications. */
public enum QueuedEventType {
    SESSION_EVENT("SessionEvent"),
    MESSAGE_DELIVERED("MessageDelivered"),
    JOIN_SESSION_APPROVAL("JoinSessionApproval"),
    ALLOW_USER_JOIN_SESSION("AllowUserJoinSessionNotification"),
    DENY_USER_JOIN_SESSION("DenyUserJoinSessionNotification"),
    INVITE_USER_TO_SESSION("InviteUserToSession"),
    ACCEPT_SESSION("AcceptSessionNotification"),
    RECEIVE_ROOM_KEY("ReceiveRoomKeyNotification"),
    UPDATE_ROOM_KEY("UpdateRoomKeyNotification"),
    SEND_ROOM_KEY("SendRoomKeyNotification"),
    SYNC_EVENT("SyncEvent");

    private final String wireName;

    QueuedEventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static QueuedEventType fromWire(String name) {
        for (QueuedEventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown queue item type \"" + name + "\"");
    }
}
