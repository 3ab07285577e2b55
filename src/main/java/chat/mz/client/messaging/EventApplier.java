package chat.mz.client.messaging;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.history.Protection;
import chat.mz.history.SealedBody;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.RoomKeyUpdate;
import chat.mz.protocol.session.MembershipNotice;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a batch of queue items in the history. Everything here is idempotent: the homeserver
 * redelivers what was not acknowledged, and a second copy of an entry is ignored by the history.
 */
final class EventApplier {
    /**
     * What a batch did, for the messenger to announce and follow up on.
     *
     * @param rekey       sessions whose key this device was asked to replace, with the epoch asked for
     * @param shareKeyWith sessions whose current key the users named should get from this device
     * @param missingKeys  epochs of sessions that messages of this batch wait for
     */
    record Applied(List<Long> queueIds, List<MessengerEvent> events, Set<String> sessionsToRefresh,
                   Map<String, Long> rekey, Map<String, List<String>> shareKeyWith,
                   Map<String, Set<Long>> missingKeys) {
    }

    private final History history;
    private final Me me;
    private final Clock clock;
    private final RoomKeys roomKeys;
    private final RoomOpener opener;

    EventApplier(History history, Me me, Clock clock, RoomKeys roomKeys, RoomOpener opener) {
        this.history = history;
        this.me = me;
        this.clock = clock;
        this.roomKeys = roomKeys;
        this.opener = opener;
    }

    Applied apply(List<QueuedEvent> items) {
        List<Long> ids = new ArrayList<>();
        List<MessengerEvent> events = new ArrayList<>();
        Set<String> refresh = new LinkedHashSet<>();
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        // a batch is mostly one conversation's messages: look each session up once, not per message
        Set<String> present = new HashSet<>();
        Map<String, Long> rekey = new LinkedHashMap<>();
        Map<String, List<String>> share = new LinkedHashMap<>();
        RoomOpener.Batch batch = opener.batch();
        List<SealedBody> waiting = new ArrayList<>();
        List<StoredRoomKey> arrived = new ArrayList<>();
        for (QueuedEvent item : items) {
            switch (item.type()) {
                case SESSION_EVENT -> {
                    SessionEvent event = item.event();
                    if (event != null) {
                        timeline(event, refresh, present);
                        entries.computeIfAbsent(event.sessionId(), k -> new ArrayList<>())
                                .add(entry(event, batch, waiting));
                    }
                }
                case RECEIVE_ROOM_KEY -> {
                    if (item.roomKey() != null) {
                        received(item.roomKey(), batch, arrived);
                    }
                }
                case UPDATE_ROOM_KEY -> {
                    RoomKeyUpdate update = item.keyUpdate();
                    if (update != null) {
                        rekey.merge(update.sessionId(), update.nextEpoch(), Math::max);
                    }
                }
                case SEND_ROOM_KEY -> {
                    // the devices to wrap to come from the members' own signed lists, not from these
                }
                case SYNC_EVENT -> {
                    // taken by the messenger's sync receiver once the rest of the batch is stored
                }
                case MESSAGE_DELIVERED -> {
                    if (item.delivered() != null) {
                        history.markDelivered(item.delivered().sessionId(), item.delivered().seq(),
                                item.delivered().messageId());
                        events.add(new MessengerEvent.EntryChanged(item.delivered().sessionId(),
                                item.delivered().messageId()));
                    }
                }
                case INVITE_USER_TO_SESSION -> invited(item.notice(), events);
                case JOIN_SESSION_APPROVAL -> {
                    MembershipNotice notice = item.notice();
                    if (notice != null) {
                        history.addRequest(new PendingRequest(PendingRequest.Kind.JOIN_REQUEST, notice.sessionId(),
                                notice.sessionName(), notice.userId(), notice.username(), at(notice)));
                        events.add(new MessengerEvent.JoinRequested(notice.sessionId(), notice.sessionName(),
                                notice.userId(), notice.username()));
                    }
                }
                case ALLOW_USER_JOIN_SESSION -> {
                    MembershipNotice notice = item.notice();
                    if (notice != null) {
                        if (notice.roomKey() != null) {
                            received(notice.roomKey(), batch, arrived);
                        }
                        refresh.add(notice.sessionId());
                        events.add(new MessengerEvent.JoinAnswered(notice.sessionId(), notice.sessionName(), true));
                    }
                }
                case DENY_USER_JOIN_SESSION -> denied(item.notice(), events);
                case ACCEPT_SESSION -> {
                    MembershipNotice notice = item.notice();
                    if (notice != null) {
                        refresh.add(notice.sessionId());
                        // the inviter hands the newcomer the current key, if the session lets newcomers read
                        if (me.userId().equals(notice.byUserId()) && notice.userId() != null
                                && !me.userId().equals(notice.userId())) {
                            share.computeIfAbsent(notice.sessionId(), k -> new ArrayList<>()).add(notice.userId());
                        }
                    }
                }
            }
            ids.add(item.queueId());
        }
        List<Entry> all = new ArrayList<>();
        entries.values().forEach(all::addAll);
        List<chat.mz.history.StreamWindow> windows = batch.changedWindows();
        if (!all.isEmpty() || !windows.isEmpty()) {
            history.addReceived(all, windows, waiting);
        }
        // only now are this batch's waiting messages stored, so a key that came with them opens them too
        if (!arrived.isEmpty()) {
            arrived.forEach(key -> reveal(key, batch, events));
            history.addReceived(List.of(), batch.changedWindows(), List.of());
        }
        // new entries are announced before the changes they come with, sessions in arrival order
        List<MessengerEvent> added = new ArrayList<>();
        entries.forEach((sessionId, list) -> added.add(new MessengerEvent.EntriesAdded(sessionId, list)));
        events.addAll(0, added);
        Map<String, Set<Long>> missing = new LinkedHashMap<>();
        for (SealedBody body : waiting) {
            missing.computeIfAbsent(body.sessionId(), k -> new LinkedHashSet<>()).add(body.keyEpoch());
        }
        return new Applied(ids, events, refresh, rekey, share, missing);
    }

    /**
     * Takes a room key sealed to this device (its sender must be a member, or this account's own
     * device); what was waiting for it is opened once the batch is stored.
     */
    private void received(RoomKeyDelivery delivery, RoomOpener.Batch batch, List<StoredRoomKey> arrived) {
        roomKeys.receive(delivery).ifPresent(stored -> {
            batch.keyArrived(stored.sessionId(), stored.epoch());
            arrived.add(stored);
        });
    }

    /**
     * Room keys that came from another device of this account (relayed, or with history): opens
     * what waited for them and answers what to announce.
     */
    List<MessengerEvent> keysArrived(List<StoredRoomKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        RoomOpener.Batch batch = opener.batch();
        List<MessengerEvent> events = new ArrayList<>();
        for (StoredRoomKey key : keys) {
            batch.keyArrived(key.sessionId(), key.epoch());
            reveal(key, batch, events);
        }
        history.addReceived(List.of(), batch.changedWindows(), List.of());
        return events;
    }

    /** Opens the stored messages of a session that were waiting for this key. */
    private void reveal(StoredRoomKey key, RoomOpener.Batch batch, List<MessengerEvent> events) {
        for (SealedBody body : history.unreadable(key.sessionId(), key.epoch())) {
            List<Entry> at = history.before(key.sessionId(), body.seq() + 1, 1);
            if (at.isEmpty() || at.get(0).seq() == null || at.get(0).seq() != body.seq()) {
                continue;
            }
            Entry entry = at.get(0);
            RoomOpener.Opened opened = batch.open(key.sessionId(), entry.messageId(), entry.senderUserId(),
                    entry.senderDeviceId(), body.keyEpoch(), Base64.getEncoder().encodeToString(body.sealed()));
            if (!opened.waitingForKey()) {
                history.reveal(key.sessionId(), body.seq(), opened.text(), opened.protection());
                events.add(new MessengerEvent.EntryChanged(key.sessionId(), entry.messageId()));
            }
        }
    }

    /** Makes sure the session exists locally and notes what a membership change means for it. */
    private void timeline(SessionEvent event, Set<String> refresh, Set<String> present) {
        if (present.add(event.sessionId()) && history.session(event.sessionId()).isEmpty()) {
            String name = event.name() != null ? event.name() : "";
            history.upsertSession(new SessionFacts(event.sessionId(), name, false, false, Membership.MEMBER,
                    "member"));
            refresh.add(event.sessionId());
        }
        if (event.kind() == SessionEventKind.MESSAGE) {
            return;
        }
        refresh.add(event.sessionId());
        if (event.kind() == SessionEventKind.KEY_REPLACED) {
            roomKeys.keyReplaced(event.sessionId());
        }
        boolean aboutMe = me.userId().equals(event.subjectUserId());
        if (event.kind() == SessionEventKind.JOINED && event.subjectUserId() != null) {
            // answered, here or on another device of this account
            history.removeRequest(PendingRequest.Kind.JOIN_REQUEST, event.sessionId(), event.subjectUserId());
            if (aboutMe) {
                history.removeRequest(PendingRequest.Kind.INVITATION, event.sessionId(), null);
            }
        }
        if (aboutMe && (event.kind() == SessionEventKind.LEFT || event.kind() == SessionEventKind.REMOVED)) {
            history.session(event.sessionId()).ifPresent(s -> history.upsertSession(new SessionFacts(s.sessionId(),
                    s.name(), s.direct(), s.e2eeOn(),
                    event.kind() == SessionEventKind.LEFT ? Membership.LEFT : Membership.REMOVED, s.myRole())));
        }
    }

    private Entry entry(SessionEvent event, RoomOpener.Batch batch, List<SealedBody> waiting) {
        Instant serverTime = Instant.ofEpochMilli(event.serverTime());
        if (event.kind() == SessionEventKind.MESSAGE) {
            boolean mine = me.userId().equals(event.actorUserId());
            String text = event.text() != null ? event.text() : "";
            Protection protection = Protection.PLAIN;
            if (event.isEncrypted()) {
                RoomOpener.Opened opened = batch.open(event.sessionId(), event.messageId(), event.actorUserId(),
                        event.actorDeviceId(), event.keyEpoch(), event.ciphertext());
                text = opened.text();
                protection = opened.protection();
                if (opened.waitingForKey()) {
                    waiting.add(new SealedBody(event.sessionId(), event.seq(), event.keyEpoch(),
                            Base64.getDecoder().decode(event.ciphertext())));
                }
            }
            return new Entry(event.sessionId(), event.seq(), event.messageId(), event.actorUserId(),
                    event.actorDeviceId(), event.actorUsername(), Entry.Kind.TEXT, text, serverTime,
                    clock.instant(), mine, mine ? DeliveryState.SENT : DeliveryState.DELIVERED, protection);
        }
        return new Entry(event.sessionId(), event.seq(), "event-" + event.seq(),
                event.actorUserId() != null ? event.actorUserId() : "", null, null, Entry.Kind.SYSTEM,
                TimelineText.of(event, me.userId()), serverTime, clock.instant(), false, DeliveryState.DELIVERED);
    }

    private void invited(MembershipNotice notice, List<MessengerEvent> events) {
        if (notice == null) {
            return;
        }
        boolean member = history.session(notice.sessionId()).map(s -> s.membership() == Membership.MEMBER)
                .orElse(false);
        if (!member) {
            history.upsertSession(new SessionFacts(notice.sessionId(), nameOf(notice), false, false,
                    Membership.INVITED, "member"));
            history.addRequest(new PendingRequest(PendingRequest.Kind.INVITATION, notice.sessionId(),
                    notice.sessionName(), notice.byUserId(), notice.byUsername(), at(notice)));
        }
        events.add(new MessengerEvent.Invited(notice.sessionId(), notice.sessionName(), notice.byUserId(),
                notice.byUsername()));
        events.add(new MessengerEvent.SessionChanged(notice.sessionId()));
    }

    private void denied(MembershipNotice notice, List<MessengerEvent> events) {
        if (notice == null) {
            return;
        }
        var known = history.session(notice.sessionId());
        if (known.isPresent() && known.get().membership() == Membership.JOIN_REQUESTED) {
            history.upsertSession(new SessionFacts(notice.sessionId(), known.get().name(), known.get().direct(),
                    known.get().e2eeOn(), Membership.LEFT, known.get().myRole()));
        }
        events.add(new MessengerEvent.JoinAnswered(notice.sessionId(), notice.sessionName(), false));
        events.add(new MessengerEvent.SessionChanged(notice.sessionId()));
    }

    private static Instant at(MembershipNotice notice) {
        return Instant.ofEpochMilli(notice.at());
    }

    private static String nameOf(MembershipNotice notice) {
        return notice.sessionName() != null ? notice.sessionName() : "";
    }
}
