package chat.mz.client.sync;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.OpenedChannels;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.history.History;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.history.SyncLog;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.sync.HistoryKey;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncDelivery;
import chat.mz.protocol.sync.SyncEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the sync events of a fetched batch: opens each one sealed to this device by another
 * current device of this account, drops those applied before (by event id, for
 * {@link SyncLog#KEEP_DAYS} days) unless applying them again only settles the same state, applies
 * the rest to the history in arrival order, and remembers their ids. An event that fails a check (a forged or altered one, one from a revoked device) is
 * dropped with a warning and never applied; nothing here is sent on to other devices.
 *
 * <p>Runs on the messenger's thread; a device list lookup blocks it for at most
 * {@link #LOOKUP_SECONDS} seconds, as a room message's sender lookup does.
 */
public final class SyncReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(SyncReceiver.class);
    private static final long LOOKUP_SECONDS = 20;
    /** How often the applied ids are pruned, at most. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(6);

    /**
     * What a batch changed, for the messenger to announce.
     *
     * @param sessions conversations whose read marker, questions or history changed
     * @param keys     room keys that arrived (relayed, or with history) and were new here: what waited
     *                 for them can be opened now
     * @param applied  how many events were applied for the first time (not copies, not refusals)
     */
    public record Applied(Set<String> sessions, List<StoredRoomKey> keys, int applied) {
        public Applied {
            sessions = Set.copyOf(sessions);
            keys = List.copyOf(keys);
        }
    }

    /** An opened event. */
    private record Opened(String eventId, DeviceRef from, SyncEvent event) {
    }

    private final History history;
    private final DeviceSecrets secrets;
    private final OwnDevices own;
    private final Clock clock;
    private final SyncSender sender;
    private final HistoryTransfers transfers;
    private final SyncCodec codec = new SyncCodec();
    private final OpenedChannels channels = new OpenedChannels();
    private Instant prunedAt = Instant.MIN;

    /**
     * @param sender    answers key requests (queued; the caller flushes)
     * @param transfers takes history offers, requests and batches
     */
    public SyncReceiver(History history, DeviceSecrets secrets, OwnDevices own, Clock clock, SyncSender sender,
                        HistoryTransfers transfers) {
        this.sender = sender;
        this.transfers = transfers;
        this.history = history;
        this.secrets = secrets;
        this.own = own;
        this.clock = clock;
    }

    /** Opens, checks and applies a batch's sync events, oldest first. */
    public Applied receive(List<SyncDelivery> deliveries) {
        prune();
        Map<String, Opened> opened = new LinkedHashMap<>();
        for (SyncDelivery delivery : deliveries) {
            open(delivery).ifPresent(event -> opened.putIfAbsent(event.eventId(), event));
        }
        if (opened.isEmpty()) {
            return new Applied(Set.of(), List.of(), 0);
        }
        Set<String> seen = history.syncLog().seen(opened.keySet());
        Set<String> sessions = new LinkedHashSet<>();
        List<StoredRoomKey> keys = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        for (Opened event : opened.values()) {
            boolean again = seen.contains(event.eventId());
            if (again && !settlesState(event.event())) {
                continue;
            }
            try {
                apply(event, sessions, keys);
            } catch (RuntimeException e) {
                // signed by a device of this account, yet unusable: a bug there, not a reason to stall here
                LOG.warn("Could not apply a sync event from device {}: {}", event.from().deviceId(), e.getMessage());
            }
            if (!again) {
                applied.add(event.eventId());
            }
        }
        history.syncLog().record(applied, clock.instant());
        return new Applied(sessions, keys, applied.size());
    }

    private Optional<Opened> open(SyncDelivery delivery) {
        DeviceRef me = secrets.device();
        try {
            byte[] sealed = Base64.getDecoder().decode(delivery.payload());
            SyncEnvelope.Header header = SyncEnvelope.header(sealed);
            if (!header.from().userId().equals(me.userId()) || !header.to().equals(me)
                    || !header.from().deviceId().equals(delivery.fromDeviceId())) {
                return refuse(delivery, "it names another sender or recipient than the homeserver says");
            }
            Optional<DeviceCertificate> sender = certificate(header.from());
            if (sender.isEmpty()) {
                return refuse(delivery, "its sender is not a current device of this account");
            }
            byte[] signingKey = sender.get().body().signingKey();
            byte[] body = SyncEnvelope.open(sealed, me, signingKey, secrets, channels);
            return Optional.of(new Opened(header.eventId(), header.from(), codec.decode(body)));
        } catch (E2eeException e) {
            return refuse(delivery, e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(delivery, e.getMessage());
        }
    }

    /** The sender's certificate (the list held, or a fresh one); blocks for the lookup. */
    private Optional<DeviceCertificate> certificate(DeviceRef device) {
        try {
            return own.certificate(device).get(LOOKUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warn("Could not look up this account's devices: {}", SyncSender.unwrap(e).getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Opened> refuse(SyncDelivery delivery, String why) {
        LOG.warn("Dropped a sync event said to come from device {}: {}", delivery.fromDeviceId(), why);
        return Optional.empty();
    }

    /**
     * Whether an event only sets state that applying it again leaves as it is, and so is applied
     * again when it comes again. The homeserver hands out again what was not acknowledged, and with
     * it the items before: an invitation delivered again must not come back after its decline,
     * which came with it. The events that start something (an offer, a request, a batch) are
     * applied once.
     */
    private static boolean settlesState(SyncEvent event) {
        return event instanceof SyncEvent.ReadUpTo || event instanceof SyncEvent.InvitationAnswered
                || event instanceof SyncEvent.JoinRequestAnswered || event instanceof SyncEvent.ContactAdded
                || event instanceof SyncEvent.ContactKeyTrusted || event instanceof SyncEvent.KeyRelay;
    }

    /** Applies one event, noting the sessions it changed and the room keys it brought. */
    private void apply(Opened opened, Set<String> sessions, List<StoredRoomKey> keys) {
        SyncEvent event = opened.event();
        if (event instanceof SyncEvent.ReadUpTo read) {
            if (history.markRead(read.sessionId(), read.seq())) {
                sessions.add(read.sessionId());
            }
        } else if (event instanceof SyncEvent.InvitationAnswered answered) {
            boolean removed = history.removeRequest(PendingRequest.Kind.INVITATION, answered.sessionId(), null);
            if (!answered.accepted()) {
                history.session(answered.sessionId()).filter(s -> s.membership() == Membership.INVITED)
                        .ifPresent(s -> history.upsertSession(new SessionFacts(s.sessionId(), s.name(), s.direct(),
                                s.e2eeOn(), Membership.LEFT, s.myRole())));
            }
            if (removed) {
                sessions.add(answered.sessionId());
            }
        } else if (event instanceof SyncEvent.JoinRequestAnswered answered) {
            if (history.removeRequest(PendingRequest.Kind.JOIN_REQUEST, answered.sessionId(), answered.userId())) {
                sessions.add(answered.sessionId());
            }
        } else if (event instanceof SyncEvent.ContactAdded added) {
            // a contact this device has seen keeps its own first sighting; a different key shows as a change
            if (history.contact(added.userId()).isEmpty()) {
                history.rememberContact(added.userId(), added.username(), added.rootKey());
            }
        } else if (event instanceof SyncEvent.ContactKeyTrusted trusted) {
            boolean same = history.contact(trusted.userId())
                    .map(c -> Arrays.equals(c.currentRootKey(), trusted.rootKey())).orElse(false);
            if (same) {
                history.acceptKeyChange(trusted.userId());
            }
        } else if (event instanceof SyncEvent.KeyRequest request) {
            relay(opened.from(), request);
        } else if (event instanceof SyncEvent.KeyRelay relay) {
            for (HistoryKey key : relay.keys()) {
                StoredRoomKey stored = new StoredRoomKey(key.sessionId(), key.epoch(), key.key(),
                        Instant.ofEpochMilli(key.createdAt()), key.fromUserId(), key.fromDeviceId(), true);
                if (history.roomKeys().get(key.sessionId(), key.epoch()).isEmpty() && history.roomKeys().add(stored)) {
                    keys.add(stored);
                }
            }
        } else if (event instanceof SyncEvent.HistoryOffer offer) {
            transfers.offered(opened.from(), offer);
        } else if (event instanceof SyncEvent.HistoryRequest request) {
            transfers.requested(opened.from(), request.transferId());
        } else if (event instanceof SyncEvent.HistorySkipped skipped) {
            transfers.skipped(opened.from(), skipped.transferId());
        } else if (event instanceof SyncEvent.HistoryBatch batch) {
            keys.addAll(transfers.batch(opened.from(), batch));
            batch.conversations().forEach(c -> sessions.add(c.sessionId()));
            batch.entries().forEach(e -> sessions.add(e.sessionId()));
        }
    }

    /** Hands a sibling the keys it asked for that this device holds, to it alone. */
    private void relay(DeviceRef to, SyncEvent.KeyRequest request) {
        List<HistoryKey> found = new ArrayList<>();
        for (long epoch : request.epochs()) {
            history.roomKeys().get(request.sessionId(), epoch).filter(StoredRoomKey::confirmed).ifPresent(key ->
                    found.add(new HistoryKey(key.sessionId(), key.epoch(), key.key(), key.createdAt().toEpochMilli(),
                            key.fromUserId(), key.fromDeviceId())));
        }
        if (!found.isEmpty()) {
            sender.publishTo(to.deviceId(), new SyncEvent.KeyRelay(found));
        }
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(prunedAt.plus(PRUNE_EVERY))) {
            return;
        }
        prunedAt = now;
        int pruned = history.syncLog().prune(now.minus(Duration.ofDays(SyncLog.KEEP_DAYS)));
        if (pruned > 0) {
            LOG.debug("Forgot {} sync event ids older than {} days", pruned, SyncLog.KEEP_DAYS);
        }
    }
}
