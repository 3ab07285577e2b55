package chat.mz.client.messaging;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyWrap;
import chat.mz.client.e2ee.SealedRoomKey;
import chat.mz.client.e2ee.WrapResult;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.crypto.Bytes;
import chat.mz.history.History;
import chat.mz.history.RoomSettings;
import chat.mz.history.StoredRoomKey;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionMember;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.WrappedRoomKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's side of room keys (docs/PROTOCOL.md, "End-to-end encryption of conversations"):
 * making the next epoch and sealing it to every member device, handing the current key to
 * newcomers, and taking keys sealed to this device after checking who signed them. Keys are kept
 * in the history, by epoch, so old messages stay readable.
 *
 * <p>A key this device makes is stored before it is sent, unconfirmed, and stays so when the
 * answer is lost (the process dies, the connection drops): if another member's key won the epoch,
 * that one replaces it when it arrives; if the homeserver is on that epoch and nothing else comes,
 * the outbox replaces the key again rather than guess ({@link #madeButUnconfirmed}). One re-key per
 * session runs at a time on this device.
 */
final class RoomKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomKeys.class);
    private static final long CALL_SECONDS = 30;

    private final HomeserverConnection connection;
    private final History history;
    private final DeviceSecrets secrets;
    private final MemberDevices devices;
    private final Clock clock;
    private final SecureRandom random;
    private final ExecutorService sealing;
    private final Map<String, CompletableFuture<Long>> rekeying = new ConcurrentHashMap<>();

    RoomKeys(HomeserverConnection connection, History history, DeviceSecrets secrets, MemberDevices devices,
             Clock clock, SecureRandom random) {
        this.connection = connection;
        this.history = history;
        this.secrets = secrets;
        this.devices = devices;
        this.clock = clock;
        this.random = random;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.sealing = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "mzchat-room-keys");
            thread.setDaemon(true);
            return thread;
        });
    }

    DeviceRef me() {
        return secrets.device();
    }

    /**
     * Makes the session's next room key and sends it to every device of every member, replacing
     * the current one. Completes with the new epoch; fails with the homeserver's 1310 when another
     * member's replacement won the epoch (its key then arrives in this device's queue).
     */
    CompletableFuture<Long> rekey(String sessionId) {
        return rekeyBelow(sessionId, Long.MAX_VALUE);
    }

    /**
     * {@link #rekey}, unless the session has reached {@code epoch} already: what a request to re-key
     * becomes once another device has answered it.
     */
    CompletableFuture<Long> rekeyBelow(String sessionId, long wanted) {
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = rekeying.putIfAbsent(sessionId, mine);
        if (running != null) {
            return running;
        }
        connection.call(Methods.GET_SESSION, new SessionRef(sessionId))
                .thenCompose(info -> info.keyEpoch() >= wanted && info.e2eeOn()
                        ? answered(info)
                        : rekey(info, false).exceptionallyCompose(failure -> {
                    Throwable cause = Messenger.cause(failure);
                    if (cause instanceof RpcException rpc && (rpc.is(ErrorCode.ROOM_KEYS_INCOMPLETE)
                            || rpc.is(ErrorCode.NOT_A_MEMBER_DEVICE))) {
                        // a member linked or lost a device since their list was fetched: fetch again, once
                        return connection.call(Methods.GET_SESSION, new SessionRef(sessionId))
                                .thenCompose(again -> rekey(again, true));
                    }
                    return CompletableFuture.failedFuture(cause);
                }))
                .whenComplete((epoch, failure) -> {
                    rekeying.remove(sessionId, mine);
                    if (failure != null) {
                        mine.completeExceptionally(Messenger.cause(failure));
                    } else {
                        mine.complete(epoch);
                    }
                });
        return mine;
    }

    /** Someone else made the key asked for: nothing to do but remember where the session is. */
    private CompletableFuture<Long> answered(SessionInfo info) {
        rememberSettings(info);
        return CompletableFuture.completedFuture(info.keyEpoch());
    }

    private CompletableFuture<Long> rekey(SessionInfo info, boolean fresh) {
        rememberSettings(info);
        if (!info.e2eeOn()) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.E2EE_OFF));
        }
        String sessionId = info.sessionId();
        RoomKey key = RoomKey.create(sessionId, info.keyEpoch() + 1, random, clock);
        List<String> members = info.members().stream().map(SessionMember::userId).toList();
        java.util.concurrent.atomic.AtomicInteger recipientCount = new java.util.concurrent.atomic.AtomicInteger();
        return devices.ofAll(members, fresh).thenCompose(lists -> {
            List<RecipientDevice> recipients = recipients(lists.values(), true);
            store(key, false);
            return seal(key, recipients);
        }).thenCompose(sealed -> {
            recipientCount.set(sealed.size());
            return connection.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(sessionId, key.epoch(), true, sealed));
        }).handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = Messenger.cause(failure);
                if (cause instanceof RpcException rpc) {
                    // refused for certain: the key was never taken, so it is nobody's
                    history.roomKeys().remove(sessionId, key.epoch());
                    if (rpc.is(ErrorCode.ROOM_KEYS_INCOMPLETE)) {
                        devices.forget(members);
                    }
                }
                // a lost answer leaves the key stored unconfirmed: the homeserver may have taken it
                throw new CompletionException(cause);
            }
            history.roomKeys().confirm(sessionId, key.epoch());
            RoomSettings settings = history.roomKeys().settings(sessionId);
            history.roomKeys().saveSettings(new RoomSettings(sessionId, Math.max(settings.keyEpoch(), key.epoch()),
                    false, settings.rotationSeconds(), settings.newMembersReadHistory(), true));
            LOG.info("Room key {} of session {} sent to {} devices of {} members", key.epoch(), sessionId,
                    recipientCount.get(), members.size());
            return key.epoch();
        });
    }

    /**
     * The current room key sealed to each device of {@code userIds}: what a newcomer gets when the
     * session lets newcomers read earlier messages. Empty when this device does not hold the current
     * key or the session is not encrypted.
     */
    CompletableFuture<List<WrappedRoomKey>> currentKeyFor(String sessionId, List<String> userIds) {
        RoomSettings settings = history.roomKeys().settings(sessionId);
        Optional<StoredRoomKey> current = settings.e2eeOn() && settings.keyEpoch() > 0
                ? history.roomKeys().get(sessionId, settings.keyEpoch()) : Optional.empty();
        if (current.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        RoomKey key = roomKey(current.get());
        return devices.ofAll(userIds, true).thenCompose(lists -> seal(key, recipients(lists.values(), false)));
    }

    /** Sends the current room key to the devices of {@code userIds} that lack it ({@code replace: false}). */
    CompletableFuture<Void> shareCurrentKey(String sessionId, List<String> userIds) {
        long epoch = history.roomKeys().settings(sessionId).keyEpoch();
        return currentKeyFor(sessionId, userIds).thenCompose(keys -> keys.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : connection.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(sessionId, epoch, false, keys))
                .thenApply(result -> null));
    }

    /**
     * Takes a room key sealed to this device, after checking that a member's device (or one of this
     * account's own) signed it for this session and epoch. Blocks for a device-list lookup when the
     * sender's device is not known yet; runs on the messenger's thread.
     *
     * @return the key, now stored; empty when it was refused (the reason is logged) or the epoch was
     *         held already
     */
    Optional<StoredRoomKey> receive(RoomKeyDelivery delivery) {
        DeviceRef from;
        try {
            from = new DeviceRef(delivery.fromUserId(), delivery.fromDeviceId());
        } catch (IllegalArgumentException e) {
            LOG.warn("A room key for session {} named no valid sender and was ignored", delivery.sessionId());
            return Optional.empty();
        }
        if (!from.userId().equals(me().userId()) && !isMember(delivery.sessionId(), from.userId())) {
            LOG.warn("A room key for session {} came from {}, who is not a member, and was ignored",
                    delivery.sessionId(), from.userId());
            return Optional.empty();
        }
        Optional<DeviceCertificate> sender = devices.certificate(from);
        if (sender.isEmpty()) {
            LOG.warn("A room key for session {} came from device {} of {}, which is not on that account's device "
                    + "list, and was ignored", delivery.sessionId(), from.deviceId(), from.userId());
            return Optional.empty();
        }
        try {
            SealedRoomKey sealed = SealedRoomKey.fromBase64(delivery.sessionId(), delivery.epoch(), from, me(),
                    delivery.wrappedKey(), delivery.signature());
            byte[] signingKey = sender.get().body().signingKey();
            RoomKey key = secrets.withEncryptionKey(privateKey -> RoomKeyWrap.unwrap(sealed, privateKey,
                    delivery.sessionId(), delivery.epoch(), me(), signingKey));
            StoredRoomKey stored = new StoredRoomKey(key.sessionId(), key.epoch(), key.keyBytes(), key.createdAt(),
                    from.userId(), from.deviceId(), true);
            if (!history.roomKeys().add(stored)) {
                return Optional.empty();
            }
            RoomSettings settings = history.roomKeys().settings(key.sessionId());
            if (key.epoch() > settings.keyEpoch()) {
                history.roomKeys().saveSettings(new RoomSettings(key.sessionId(), key.epoch(), false,
                        settings.rotationSeconds(), settings.newMembersReadHistory(), true));
            }
            return Optional.of(stored);
        } catch (E2eeException e) {
            LOG.warn("A room key for session {} from device {} of {} was refused: {}", delivery.sessionId(),
                    from.deviceId(), from.userId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether the user is a member as this device knows it, asking the homeserver when the stored
     * member list does not say so (a session this device has only just heard of). Blocks.
     */
    private boolean isMember(String sessionId, String userId) {
        if (history.members(sessionId).stream().anyMatch(m -> m.userId().equals(userId))) {
            return true;
        }
        try {
            SessionInfo info = connection.call(Methods.GET_SESSION, new SessionRef(sessionId))
                    .get(CALL_SECONDS, TimeUnit.SECONDS);
            return info.members().stream().anyMatch(m -> m.userId().equals(userId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether this device holds an unconfirmed key of its own for {@code epoch}: one whose answer was
     * lost, so it cannot tell whether the homeserver took it or another member's.
     */
    boolean madeButUnconfirmed(String sessionId, long epoch) {
        return history.roomKeys().get(sessionId, epoch).filter(key -> !key.confirmed()
                && key.fromUserId().equals(me().userId()) && key.fromDeviceId().equals(me().deviceId())).isPresent();
    }

    /**
     * The session's key was replaced, perhaps because a member's device was revoked: their device
     * lists are asked for again before the next message of theirs is checked.
     */
    void keyReplaced(String sessionId) {
        devices.forget(history.members(sessionId).stream().map(m -> m.userId()).toList());
    }

    /** Keeps what the homeserver says of a session's key in the history. */
    void rememberSettings(SessionInfo info) {
        RoomSettings held = history.roomKeys().settings(info.sessionId());
        history.roomKeys().saveSettings(new RoomSettings(info.sessionId(), Math.max(held.keyEpoch(), info.keyEpoch()),
                info.rekeyNeeded(), info.rotationSeconds(), info.newMembersReadHistory(), info.e2eeOn()));
    }

    /** The room key a stored one holds. */
    static RoomKey roomKey(StoredRoomKey stored) {
        byte[] bytes = stored.key();
        try {
            return RoomKey.of(stored.sessionId(), stored.epoch(), bytes, stored.createdAt());
        } finally {
            Bytes.wipe(bytes);
        }
    }

    private void store(RoomKey key, boolean confirmed) {
        byte[] bytes = key.keyBytes();
        try {
            history.roomKeys().add(new StoredRoomKey(key.sessionId(), key.epoch(), bytes, key.createdAt(),
                    me().userId(), me().deviceId(), confirmed));
        } finally {
            Bytes.wipe(bytes);
        }
    }

    /** Every device on the lists but this one, as recipients; a device with an unusable key is left out. */
    private List<RecipientDevice> recipients(java.util.Collection<VerifiedDevices> lists, boolean skipMe) {
        List<RecipientDevice> recipients = new ArrayList<>();
        for (VerifiedDevices list : lists) {
            for (DeviceCertificate certificate : list.devices()) {
                if (skipMe && DeviceRef.of(certificate).equals(me())) {
                    continue;
                }
                try {
                    recipients.add(RecipientDevice.of(certificate));
                } catch (E2eeException e) {
                    LOG.warn("No room key can be sealed to device {} of {}: {}", certificate.body().deviceId(),
                            certificate.body().userId(), e.getMessage());
                }
            }
        }
        return recipients;
    }

    private CompletableFuture<List<WrappedRoomKey>> seal(RoomKey key, List<RecipientDevice> recipients) {
        CompletableFuture<List<WrapResult>> results;
        try {
            results = secrets.withSigningKey(signingKey ->
                    RoomKeyWrap.wrapForAll(key, me(), signingKey, recipients, random, sealing));
        } catch (E2eeException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return results.thenApply(all -> {
            List<WrappedRoomKey> wrapped = new ArrayList<>(all.size());
            for (WrapResult result : all) {
                if (result instanceof WrapResult.Wrapped done) {
                    SealedRoomKey sealed = done.sealed();
                    wrapped.add(new WrappedRoomKey(sealed.recipient().userId(), sealed.recipient().deviceId(),
                            sealed.wrappedKeyBase64(), sealed.signatureBase64()));
                }
            }
            return wrapped;
        });
    }

    @Override
    public void close() {
        sealing.shutdown();
        try {
            sealing.awaitTermination(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
