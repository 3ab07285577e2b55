package chat.mz.protocol.sync;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

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
        @JsonSubTypes.Type(value = SyncEvent.ContactKeyTrusted.class, name = "contact_key_trusted"),
        @JsonSubTypes.Type(value = SyncEvent.HistoryOffer.class, name = "history_offer"),
        @JsonSubTypes.Type(value = SyncEvent.HistoryRequest.class, name = "history_request"),
        @JsonSubTypes.Type(value = SyncEvent.HistorySkipped.class, name = "history_skipped"),
        @JsonSubTypes.Type(value = SyncEvent.HistoryBatch.class, name = "history_batch"),
        @JsonSubTypes.Type(value = SyncEvent.KeyRequest.class, name = "key_request"),
        @JsonSubTypes.Type(value = SyncEvent.KeyRelay.class, name = "key_relay")})
public sealed interface SyncEvent {
    /**
     * The user read a conversation up to {@code seq} on the sending device. Markers only move
     * forward, so the greatest one wins whatever order they arrive in.
     */
    record ReadUpTo(String sessionId, long seq) implements SyncEvent {
        public ReadUpTo {
            SyncChecks.requireId(sessionId, "session id");
            if (seq < 1) {
                throw new IllegalArgumentException("a read marker is at seq 1 or later");
            }
        }
    }

    /** The user accepted or declined an invitation on the sending device: the others stop offering it. */
    record InvitationAnswered(String sessionId, boolean accepted) implements SyncEvent {
        public InvitationAnswered {
            SyncChecks.requireId(sessionId, "session id");
        }
    }

    /** The owner let someone in or turned them away on the sending device: the others stop asking. */
    record JoinRequestAnswered(String sessionId, String userId, boolean allowed) implements SyncEvent {
        public JoinRequestAnswered {
            SyncChecks.requireId(sessionId, "session id");
            SyncChecks.requireId(userId, "user id");
        }
    }

    /** The user added a contact, whose identity key was seen as {@code rootKey}. */
    record ContactAdded(String userId, String username, byte[] rootKey) implements SyncEvent {
        public ContactAdded {
            SyncChecks.requireId(userId, "user id");
            if (username == null || username.isBlank() || username.length() > 64) {
                throw new IllegalArgumentException("the username is missing or too long");
            }
            rootKey = SyncChecks.key32(rootKey, "an identity key");
        }
    }

    /** The user accepted a contact's new identity key, {@code rootKey}, after it changed. */
    record ContactKeyTrusted(String userId, byte[] rootKey) implements SyncEvent {
        public ContactKeyTrusted {
            SyncChecks.requireId(userId, "user id");
            rootKey = SyncChecks.key32(rootKey, "an identity key");
        }
    }

    /**
     * The sending device offers this one its history: {@code messages} entries of
     * {@code conversations} conversations since {@code since} (milliseconds since the Unix epoch).
     * Answered with a {@link HistoryRequest} or {@link HistorySkipped}.
     */
    record HistoryOffer(String transferId, long since, int conversations, long messages) implements SyncEvent {
        public HistoryOffer {
            SyncChecks.requireId(transferId, "transfer id");
            if (conversations < 0 || messages < 0) {
                throw new IllegalArgumentException("an offer counts from zero");
            }
        }
    }

    /** This device takes the offered history: send the batches. */
    record HistoryRequest(String transferId) implements SyncEvent {
        public HistoryRequest {
            SyncChecks.requireId(transferId, "transfer id");
        }
    }

    /** This device does not want the offered history (or no more of it). */
    record HistorySkipped(String transferId) implements SyncEvent {
        public HistorySkipped {
            SyncChecks.requireId(transferId, "transfer id");
        }
    }

    /**
     * One batch of an offered history, in order from {@code index} 0: the conversations its entries
     * belong to (each in the first batch that has entries of it), the entries oldest first per
     * conversation, and the room keys needed to read them; {@code last} ends the transfer.
     */
    record HistoryBatch(String transferId, int index, boolean last, List<HistoryConversation> conversations,
                        List<HistoryEntry> entries, List<HistoryKey> keys) implements SyncEvent {
        public HistoryBatch {
            SyncChecks.requireId(transferId, "transfer id");
            if (index < 0) {
                throw new IllegalArgumentException("batches count from 0");
            }
            conversations = conversations == null ? List.of() : List.copyOf(conversations);
            entries = entries == null ? List.of() : List.copyOf(entries);
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /**
     * This device lacks these room keys of a conversation (it was offline when they were made, or
     * linked after): a sibling that holds them answers with a {@link KeyRelay} to this device alone.
     */
    record KeyRequest(String sessionId, List<Long> epochs) implements SyncEvent {
        public KeyRequest {
            SyncChecks.requireId(sessionId, "session id");
            if (epochs == null || epochs.isEmpty() || epochs.size() > 64) {
                throw new IllegalArgumentException("a key request names 1 to 64 epochs");
            }
            epochs = List.copyOf(epochs);
        }
    }

    /** Room keys a sibling asked for with a {@link KeyRequest}. */
    record KeyRelay(List<HistoryKey> keys) implements SyncEvent {
        public KeyRelay {
            if (keys == null || keys.isEmpty()) {
                throw new IllegalArgumentException("a key relay carries at least one key");
            }
            keys = List.copyOf(keys);
        }
    }
}
