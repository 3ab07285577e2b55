package chat.mz.protocol.sync;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.regex.Pattern;

/**
 * One device sync event, as it travels sealed inside a {@code send_sync_event} item from one
 * device of an account to another (docs/PROTOCOL.md, "Device sync"). The {@code type} member names
 * the record. Messages and delivery receipts are not among them: the homeserver's queues carry every
 * timeline entry to every device of every member already, under the room key where the
 * conversation is encrypted. These carry what only a device knows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SyncEvent.ReadUpTo.class, name = "read_up_to"),
        @JsonSubTypes.Type(value = SyncEvent.InvitationAnswered.class, name = "invitation_answered"),
        @JsonSubTypes.Type(value = SyncEvent.JoinRequestAnswered.class, name = "join_request_answered"),
        @JsonSubTypes.Type(value = SyncEvent.ContactAdded.class, name = "contact_added"),
        @JsonSubTypes.Type(value = SyncEvent.ContactKeyTrusted.class, name = "contact_key_trusted")})
public sealed interface SyncEvent {
    /**
     * The user read a conversation up to {@code seq} on the sending device. Markers only move
     * forward, so the greatest one wins whatever order they arrive in.
     */
    record ReadUpTo(String sessionId, long seq) implements SyncEvent {
        public ReadUpTo {
            requireId(sessionId, "session id");
            if (seq < 1) {
                throw new IllegalArgumentException("a read marker is at seq 1 or later");
            }
        }
    }

    /** The user accepted or declined an invitation on the sending device: the others stop offering it. */
    record InvitationAnswered(String sessionId, boolean accepted) implements SyncEvent {
        public InvitationAnswered {
            requireId(sessionId, "session id");
        }
    }

    /** The owner let someone in or turned them away on the sending device: the others stop asking. */
    record JoinRequestAnswered(String sessionId, String userId, boolean allowed) implements SyncEvent {
        public JoinRequestAnswered {
            requireId(sessionId, "session id");
            requireId(userId, "user id");
        }
    }

    /** The user added a contact, whose identity key was seen as {@code rootKey}. */
    record ContactAdded(String userId, String username, byte[] rootKey) implements SyncEvent {
        public ContactAdded {
            requireId(userId, "user id");
            if (username == null || username.isBlank() || username.length() > 64) {
                throw new IllegalArgumentException("the username is missing or too long");
            }
            rootKey = key(rootKey);
        }
    }

    /** The user accepted a contact's new identity key, {@code rootKey}, after it changed. */
    record ContactKeyTrusted(String userId, byte[] rootKey) implements SyncEvent {
        public ContactKeyTrusted {
            requireId(userId, "user id");
            rootKey = key(rootKey);
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || !Ids.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the " + what + " must be 1 to 64 URL-safe characters");
        }
    }

    private static byte[] key(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("an identity key is 32 bytes");
        }
        return key.clone();
    }

    /** The id rule, held apart because an interface's fields are public. */
    final class Ids {
        static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        private Ids() {
        }
    }
}
