package chat.mz.client.sync;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.Protection;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.sync.HistoryConversation;
import chat.mz.protocol.sync.HistoryEntry;
import chat.mz.protocol.sync.HistoryKey;
import chat.mz.protocol.sync.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a batch of history another device of this account sent: conversations this device does
 * not know yet (with their members), the room keys it lacks, the entries (a copy of one it has is
 * ignored, by seq) and the read markers, which only move forward.
 */
final class HistoryImport {
    private HistoryImport() {
    }

    /** Stores {@code batch}; answers the room keys that were new here, so what waited for them can be opened. */
    static List<StoredRoomKey> store(History history, SyncEvent.HistoryBatch batch, Instant now) {
        for (HistoryConversation conversation : batch.conversations()) {
            if (history.session(conversation.sessionId()).isEmpty()) {
                history.upsertSession(new SessionFacts(conversation.sessionId(), conversation.name(),
                        conversation.direct(), conversation.e2eeOn(), Membership.valueOf(conversation.membership()),
                        conversation.myRole()));
                history.replaceMembers(conversation.sessionId(), conversation.members().stream()
                        .map(m -> new Member(conversation.sessionId(), m.userId(), m.username(), m.role())).toList());
            }
        }
        List<StoredRoomKey> arrived = new ArrayList<>();
        for (HistoryKey key : batch.keys()) {
            if (history.roomKeys().get(key.sessionId(), key.epoch()).isEmpty()) {
                StoredRoomKey stored = new StoredRoomKey(key.sessionId(), key.epoch(), key.key(),
                        Instant.ofEpochMilli(key.createdAt()), key.fromUserId(), key.fromDeviceId(), true);
                if (history.roomKeys().add(stored)) {
                    arrived.add(stored);
                }
            }
        }
        history.addReceived(batch.entries().stream().map(e -> entry(e, now)).toList());
        for (HistoryConversation conversation : batch.conversations()) {
            if (conversation.readSeq() > 0) {
                history.markRead(conversation.sessionId(), conversation.readSeq());
            }
        }
        return arrived;
    }

    private static Entry entry(HistoryEntry e, Instant now) {
        return new Entry(e.sessionId(), e.seq(), e.messageId(), e.senderUserId(), e.senderDeviceId(), e.senderName(),
                Entry.Kind.valueOf(e.kind()), e.text(), Instant.ofEpochMilli(e.serverTime()), now, e.outgoing(),
                DeliveryState.valueOf(e.state()), Protection.valueOf(e.protection()));
    }
}
