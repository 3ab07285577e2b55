package chat.mz.client.sync;

import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.SessionSummary;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.sync.HistoryConversation;
import chat.mz.protocol.sync.HistoryEntry;
import chat.mz.protocol.sync.HistoryKey;
import chat.mz.protocol.sync.HistoryMember;
import chat.mz.protocol.sync.SyncEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an offered history out of this device's history as batches, conversation by conversation,
 * oldest entry first: each batch at most {@link #BATCH_ENTRIES} entries and about
 * {@link #BATCH_BYTES}, with the conversations it starts and their confirmed room keys. Used on
 * the messenger's thread only.
 */
final class HistoryReader {
    /** Entries per batch at most. */
    static final int BATCH_ENTRIES = 1000;
    /** What a batch's entries may add up to, well below a sealed event's limit. */
    static final int BATCH_BYTES = 700 * 1024;
    /** A rough size of one entry's fields besides its text, as JSON. */
    private static final int ENTRY_OVERHEAD = 400;

    private final History history;
    private final String transferId;
    private final Instant since;
    private final List<String> sessions;
    private int session;
    private long afterSeq;
    private int index;
    private boolean started;

    /** @param sessions the conversations offered, in the order they go */
    HistoryReader(History history, String transferId, Instant since, List<String> sessions) {
        this.history = history;
        this.transferId = transferId;
        this.since = since;
        this.sessions = List.copyOf(sessions);
    }

    /** The next batch, moving past what it holds; {@link SyncEvent.HistoryBatch#last()} on the last one. */
    SyncEvent.HistoryBatch next() {
        List<HistoryConversation> conversations = new ArrayList<>();
        List<HistoryEntry> entries = new ArrayList<>();
        List<HistoryKey> keys = new ArrayList<>();
        long bytes = 0;
        while (session < sessions.size() && entries.size() < BATCH_ENTRIES && bytes < BATCH_BYTES) {
            String sessionId = sessions.get(session);
            if (!started) {
                Optional<SessionSummary> summary = history.session(sessionId);
                if (summary.isEmpty()) {
                    session++;
                    continue;
                }
                conversations.add(conversation(summary.get()));
                for (StoredRoomKey key : history.roomKeys().all(sessionId)) {
                    if (key.confirmed()) {
                        keys.add(new HistoryKey(sessionId, key.epoch(), key.key(), key.createdAt().toEpochMilli(),
                                key.fromUserId(), key.fromDeviceId()));
                    }
                }
                started = true;
            }
            int limit = BATCH_ENTRIES - entries.size();
            List<Entry> page = history.export().page(sessionId, afterSeq, since, limit);
            int added = 0;
            for (Entry entry : page) {
                int size = entry.text().getBytes(StandardCharsets.UTF_8).length + ENTRY_OVERHEAD;
                if (!entries.isEmpty() && bytes + size > BATCH_BYTES) {
                    break;
                }
                entries.add(wire(entry));
                bytes += size;
                added++;
                afterSeq = entry.seq();
            }
            if (page.size() < limit && added == page.size()) {
                // this conversation is done; the next one starts in this batch if there is room
                session++;
                afterSeq = 0;
                started = false;
            }
        }
        boolean last = session >= sessions.size();
        return new SyncEvent.HistoryBatch(transferId, index++, last, conversations, entries, keys);
    }

    private HistoryConversation conversation(SessionSummary summary) {
        List<HistoryMember> members = history.members(summary.sessionId()).stream()
                .map(m -> new HistoryMember(m.userId(), m.username(), m.role())).toList();
        return new HistoryConversation(summary.sessionId(), summary.name(), summary.direct(), summary.e2eeOn(),
                summary.membership().name(), summary.myRole(), history.export().readSeq(summary.sessionId()), members);
    }

    private static HistoryEntry wire(Entry entry) {
        return new HistoryEntry(entry.sessionId(), entry.seq(), entry.messageId(), entry.senderUserId(),
                entry.senderDeviceId(), entry.senderName(), entry.kind().name(), entry.text(),
                entry.serverTime().toEpochMilli(), entry.outgoing(), entry.state().name(), entry.protection().name());
    }
}
