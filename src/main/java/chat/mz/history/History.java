package chat.mz.history;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's local history, kept in one H2 file encrypted with AES under a key that only this
 * device has ({@code <file>.mv.db}): the conversations, their members and timelines, the outbox, a
 * full-text index, the contacts' root keys and a few settings.
 *
 * <p>Safe to use from several threads at once: writes happen one at a time, reads run beside them
 * and each sees a consistent state. A method that changes something has written the change to the
 * file when it returns, so a process killed right after loses none of it (received messages may be
 * acknowledged to the homeserver at once). Every method throws {@link HistoryException} when the
 * file cannot be read or written.
 */
public final class History implements AutoCloseable {
    private final HistoryDatabase database;
    private final Timeline timeline;
    private final Clock clock;
    private final IndexSegment.Cache searchCache = new IndexSegment.Cache();
    private final RoomKeyring roomKeys;
    private final SyncLog syncLog;
    private final HistoryExport export;

    private History(HistoryDatabase database, Timeline timeline, Clock clock) {
        this.database = database;
        this.timeline = timeline;
        this.clock = clock;
        this.roomKeys = new RoomKeyring(database);
        this.syncLog = new SyncLog(database);
        this.export = new HistoryExport(database);
    }

    /**
     * Opens the history, creating the file if there is none and bringing its schema up to date.
     *
     * @param file    the file's path without H2's {@code .mv.db}
     * @param fileKey the 32-byte key the file is encrypted with; not kept (the caller may wipe it)
     * @throws HistoryException with a plain sentence when the key is wrong, the file is in use by
     *                          another program, or it was written by a newer version of mzchat
     */
    public static History open(Path file, byte[] fileKey, Clock clock) {
        return open(file, fileKey, clock, "");
    }

    /** As {@link #open(Path, byte[], Clock)}, with extra H2 URL settings ({@code ";NAME=VALUE"...}) for measuring. */
    static History open(Path file, byte[] fileKey, Clock clock, String urlOptions) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        HistoryDatabase database = HistoryDatabase.open(file, fileKey, clock, urlOptions);
        try {
            Timeline timeline = database.read(Timeline::load);
            return new History(database, timeline, clock);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    // ---- conversations

    /** Stores a conversation's facts, creating it (with no entries, active now) if it is new. */
    public void upsertSession(SessionFacts facts) {
        database.write(c -> {
            Sessions.upsert(c, facts, clock.instant());
            return null;
        });
    }

    /** Every conversation, the one with the newest activity first. */
    public List<SessionSummary> sessions() {
        return database.read(Sessions::all);
    }

    public Optional<SessionSummary> session(String sessionId) {
        return database.read(c -> Sessions.one(c, sessionId));
    }

    /** Unread messages over all conversations. */
    public int totalUnread() {
        return database.read(Sessions::totalUnread);
    }

    // ---- members

    /** Makes {@code members} the conversation's whole member list. */
    public void replaceMembers(String sessionId, List<Member> members) {
        database.write(c -> {
            Sessions.replaceMembers(c, sessionId, members);
            return null;
        });
    }

    /** Adds a member, or updates their name and role if already there. */
    public void addMember(Member member) {
        database.write(c -> {
            Sessions.addMember(c, member);
            return null;
        });
    }

    /** @return whether they were a member */
    public boolean removeMember(String sessionId, String userId) {
        return database.write(c -> Sessions.removeMember(c, sessionId, userId));
    }

    /** The members, by username. */
    public List<Member> members(String sessionId) {
        return database.read(c -> Sessions.members(c, sessionId));
    }

    // ---- timeline

    /**
     * Stores an entry received from the homeserver (it needs its seq and server time). A copy of one
     * already stored, by (session, seq) or by (session, sender, message id), is ignored, so a
     * redelivered message is kept once. Our own pending message coming back takes its seq from it.
     *
     * @return whether it was new
     */
    public boolean addReceived(Entry entry) {
        return addReceived(List.of(entry)) == 1;
    }

    /**
     * As {@link #addReceived(Entry)} for many entries, in one transaction: far faster per entry than
     * one at a time, so a client draining its queue should pass whole batches.
     *
     * @return how many were new
     */
    public int addReceived(List<Entry> entries) {
        return addReceived(entries, List.of(), List.of());
    }

    /**
     * As {@link #addReceived(List)}, storing in the same transaction what decrypting the entries
     * changed: so a crash cannot keep a message without the replay window that accepted it, or the
     * reverse.
     *
     * @param windows    the replay windows of the devices the entries came from, each replacing the last
     * @param unreadable the encrypted bodies of {@link Protection#UNREADABLE} entries among them, kept
     *                   until their key arrives ({@link #unreadable}); others are ignored
     * @return how many entries were new
     */
    public int addReceived(List<Entry> entries, List<StreamWindow> windows, List<SealedBody> unreadable) {
        if (entries.isEmpty() && windows.isEmpty() && unreadable.isEmpty()) {
            return 0;
        }
        return database.write(c -> {
            int added = entries.isEmpty() ? 0 : timeline.addReceived(c, entries, clock.instant());
            RoomKeyring.mergeWindows(c, windows);
            SealedRows.attach(c, unreadable);
            return added;
        });
    }

    /** The kept bodies of the conversation's unreadable entries encrypted under {@code keyEpoch}, by seq. */
    public List<SealedBody> unreadable(String sessionId, long keyEpoch) {
        return database.read(c -> SealedRows.unreadable(c, sessionId, keyEpoch));
    }

    /**
     * An unreadable entry could be opened after all (its key arrived): it gets its text and
     * protection, drops its kept body and becomes searchable. Given {@link Protection#UNREADABLE}
     * again (it still failed), it only changes its explanation and is no longer offered by
     * {@link #unreadable}.
     *
     * @return false when there is no unreadable entry at {@code seq}
     */
    public boolean reveal(String sessionId, long seq, String text, Protection protection) {
        return database.write(c -> SealedRows.reveal(c, sessionId, seq, text, protection));
    }

    /**
     * Stores a message the user wrote, as {@link DeliveryState#PENDING} and in the outbox; like every
     * write, it is in the file when this returns, which matters most here: nobody could send it again.
     *
     * @param entry an outgoing entry without seq or server time; {@link Protection#ENCRYPTED} when it
     *              is to be sealed before it is sent, never {@link Protection#UNREADABLE}
     * @return false when an entry with its message id was already stored
     */
    public boolean addPending(Entry entry) {
        return database.write(c -> timeline.addPending(c, entry, clock.instant()));
    }

    /**
     * Keeps what a pending message of ours was sealed as, so that sending it again after a restart
     * sends the same bytes under the same counter.
     *
     * @return false when no such message is in the outbox
     */
    public boolean setSealed(String sessionId, String messageId, long keyEpoch, byte[] sealed) {
        return database.write(c -> SealedRows.setSealed(c, sessionId, messageId, keyEpoch, sealed));
    }

    /** What a pending message of ours was sealed as (seq 0); empty when not pending or not sealed yet. */
    public Optional<SealedBody> sealed(String sessionId, String messageId) {
        return database.read(c -> SealedRows.sealed(c, sessionId, messageId));
    }

    /** The messages waiting to be sent, oldest first. */
    public List<Entry> outbox() {
        return database.read(Timeline::outbox);
    }

    /**
     * The homeserver accepted a pending message: it leaves the outbox and gets its seq. If a copy
     * with that seq has already arrived, only that copy is kept.
     *
     * @return false when no such message is in the outbox
     */
    public boolean markSent(String sessionId, String messageId, long seq, Instant serverTime) {
        Objects.requireNonNull(serverTime, "serverTime");
        return database.write(c -> timeline.markSent(c, sessionId, messageId, seq, serverTime, clock.instant()));
    }

    /**
     * The homeserver refused a pending message for good: it leaves the outbox and stays in the
     * timeline, unsequenced, as {@link DeliveryState#FAILED}.
     *
     * @param reason what the homeserver said, kept for {@link #failureReason}
     * @return false when no such message is in the outbox
     */
    public boolean markFailed(String sessionId, String messageId, String reason) {
        return database.write(c -> Timeline.markFailed(c, sessionId, messageId, reason));
    }

    /** Why a message was refused, for one marked {@link DeliveryState#FAILED}. */
    public Optional<String> failureReason(String sessionId, String messageId) {
        return database.read(c -> Timeline.failureReason(c, sessionId, messageId));
    }

    /**
     * Every other member has received a message of ours.
     *
     * @param seq       the seq the homeserver gave it, which finds it
     * @param messageId its id, which must match
     * @return false when there is no sent message of ours with that seq and id
     */
    public boolean markDelivered(String sessionId, long seq, String messageId) {
        return database.write(c -> timeline.markDelivered(c, sessionId, seq, messageId, clock.instant()));
    }

    /**
     * What opening a conversation shows: its newest {@code limit} sequenced entries, by seq, followed
     * by every unsequenced one (pending or failed), oldest first.
     */
    public List<Entry> latest(String sessionId, int limit) {
        return database.read(c -> Timeline.latest(c, sessionId, limit));
    }

    /** The page before {@code seq}: up to {@code limit} sequenced entries, by seq. */
    public List<Entry> before(String sessionId, long seq, int limit) {
        return database.read(c -> Timeline.before(c, sessionId, seq, limit));
    }

    /**
     * The user has seen everything up to {@code upToSeq}; the marker never moves back.
     *
     * @return whether the marker moved
     */
    public boolean markRead(String sessionId, long upToSeq) {
        return database.write(c -> Timeline.markRead(c, sessionId, upToSeq, clock.instant()));
    }

    /** The sync events this device has applied, and those it has still to send. */
    public SyncLog syncLog() {
        return syncLog;
    }

    /** The history read out for another device of this account. */
    public HistoryExport export() {
        return export;
    }

    // ---- end-to-end encryption

    /** The room keys, message counters, replay windows and encryption settings of the conversations. */
    public RoomKeyring roomKeys() {
        return roomKeys;
    }

    // ---- search

    /**
     * Messages containing every word of {@code query} (letters and digits, any script, without
     * regard to case; the last word also matches the start of a word), newest first. A query with
     * no words finds nothing; {@link Protection#UNREADABLE} entries are never found.
     */
    public List<SearchHit> search(String query, int limit) {
        return search(query, limit, SearchKey.NEWEST);
    }

    /** The next page: hits older than {@code after}, the {@link SearchHit#key()} of the last hit shown. */
    public List<SearchHit> search(String query, int limit, SearchKey after) {
        Objects.requireNonNull(after, "after");
        return database.read(c -> SearchIndex.search(c, query, limit, after, searchCache));
    }

    // ---- contacts

    /**
     * Records the root key seen for a contact and tells how it compares with the last one seen. A
     * changed key is stored as current, the first one is kept, and the contact stays flagged
     * ({@link Contact#keyChanged()}) until {@link #acceptKeyChange}.
     */
    public KeyCheck rememberContact(String userId, String username, byte[] rootKey) {
        Objects.requireNonNull(rootKey, "rootKey");
        return database.write(c -> Contacts.remember(c, userId, username, rootKey, clock.instant()));
    }

    /** The user has checked the contact's new key. @return false when no change was pending */
    public boolean acceptKeyChange(String userId) {
        return database.write(c -> Contacts.acceptKeyChange(c, userId));
    }

    /** Every contact, by username. */
    public List<Contact> contacts() {
        return database.read(Contacts::all);
    }

    public Optional<Contact> contact(String userId) {
        return database.read(c -> Contacts.one(c, "user_id = ?", userId));
    }

    /** Without regard to case. */
    public Optional<Contact> contactByUsername(String username) {
        return database.read(c -> Contacts.one(c, "username_key = ?", Contacts.usernameKey(username)));
    }

    // ---- settings

    public Optional<String> value(String name) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT setting_value FROM setting WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Stores a setting; {@code null} removes it. */
    public void put(String name, String value) {
        Objects.requireNonNull(name, "name");
        database.write(c -> {
            try (PreparedStatement statement = value == null
                    ? c.prepareStatement("DELETE FROM setting WHERE name = ?")
                    : c.prepareStatement("MERGE INTO setting (name, setting_value) KEY (name) VALUES (?, ?)")) {
                statement.setString(1, name);
                if (value != null) {
                    statement.setString(2, value);
                }
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** Runs {@code work} on a reading connection; for tests that look at query plans. */
    <T> T read(HistoryDatabase.Work<T> work) {
        return database.read(work);
    }

    /** Keeps an invitation or join request until it is answered; storing it again changes nothing. */
    public void addRequest(PendingRequest request) {
        Objects.requireNonNull(request, "request");
        database.write(c -> {
            Requests.add(c, request);
            return null;
        });
    }

    /**
     * Forgets an answered invitation or join request.
     *
     * @param userId the one asking, for a join request; ignored for an invitation
     * @return false when there was none
     */
    public boolean removeRequest(PendingRequest.Kind kind, String sessionId, String userId) {
        return database.write(c -> Requests.remove(c, kind, sessionId, userId));
    }

    /** Invitations and join requests waiting for an answer, newest first. */
    public List<PendingRequest> requests() {
        return database.read(Requests::all);
    }

    /** Writes everything out and releases the file. */
    @Override
    public void close() {
        database.close();
    }
}
