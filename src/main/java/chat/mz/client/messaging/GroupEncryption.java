package chat.mz.client.messaging;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.RoomSettings;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionSettingsParams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A conversation's end-to-end encryption, as its members administer it: switching it on and off
 * (the owner), replacing the room key now (any member), the rotation period and whether newcomers
 * may read earlier messages (the owner), and what there is to know about the current key. Every
 * change shows in the conversation as a system line for all members.
 */
public final class GroupEncryption {
    /**
     * What a conversation's settings screen shows about its key.
     *
     * @param epoch                 the current room key's number; 0 before the first
     * @param keyCreatedAt          when this device's copy of the current key was made, null if it has none
     * @param rotation              how long a key is used before it is replaced; zero for no limit
     * @param nextRotationDue       when the current key is due for replacement, null without a limit
     * @param rekeyNeeded           the key will be replaced before the next encrypted message
     * @param newMembersReadHistory whether newcomers get the current key
     */
    public record KeyInfo(boolean e2eeOn, long epoch, Instant keyCreatedAt, Duration rotation, Instant nextRotationDue,
                          boolean rekeyNeeded, boolean newMembersReadHistory) {
    }

    private final HomeserverConnection connection;
    private final History history;
    private final RoomKeys roomKeys;
    private final MemberDevices devices;
    private final Conversations conversations;
    private final Executor worker;

    GroupEncryption(HomeserverConnection connection, History history, RoomKeys roomKeys, MemberDevices devices,
                    Conversations conversations, Executor worker) {
        this.connection = connection;
        this.history = history;
        this.roomKeys = roomKeys;
        this.devices = devices;
        this.conversations = conversations;
        this.worker = worker;
    }

    /**
     * Turns encryption on (owner only; the homeserver answers 1303 to anyone else) and makes the
     * first key of the new period at once, so the next message need not wait for it.
     *
     * @return the new room key's epoch (the current one, if this device could not make a new one)
     */
    public CompletableFuture<Long> turnOn(String sessionId) {
        // once switched on it stays on: a key that cannot be made now is made by the first message
        return connection.call(Methods.E2EEIZE_SESSION, new SessionRef(sessionId))
                .thenCompose(done -> roomKeys.rekey(sessionId).exceptionally(failure -> 0L))
                .thenCompose(epoch -> conversations.refresh(sessionId).thenApply(done -> epoch > 0 ? epoch
                        : history.roomKeys().settings(sessionId).keyEpoch()));
    }

    /** Turns encryption off (owner only); every member sees it in the conversation. */
    public CompletableFuture<Void> turnOff(String sessionId) {
        return connection.call(Methods.DEE2EEIZE_SESSION, new SessionRef(sessionId))
                .thenCompose(done -> conversations.refresh(sessionId));
    }

    /** Replaces the room key now, sealing the next one to every member device; any member may. */
    public CompletableFuture<Long> rotateNow(String sessionId) {
        return roomKeys.rekey(sessionId);
    }

    /**
     * Changes the key settings (owner only); {@code null} leaves one as it is.
     *
     * @param rotation zero for no limit, else one minute to a year
     */
    public CompletableFuture<Void> updateSettings(String sessionId, Duration rotation, Boolean newMembersReadHistory) {
        return connection.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(sessionId,
                        rotation == null ? null : rotation.toSeconds(), newMembersReadHistory))
                .thenCompose(done -> conversations.refresh(sessionId));
    }

    /** The key facts as last heard from the homeserver, and this device's copy of the key. */
    public CompletableFuture<KeyInfo> keyInfo(String sessionId) {
        return CompletableFuture.supplyAsync(() -> {
            RoomSettings settings = history.roomKeys().settings(sessionId);
            Instant createdAt = history.roomKeys().get(sessionId, settings.keyEpoch()).map(StoredRoomKey::createdAt)
                    .orElse(null);
            Duration rotation = Duration.ofSeconds(settings.rotationSeconds());
            Instant due = createdAt == null || rotation.isZero() ? null : createdAt.plus(rotation);
            return new KeyInfo(settings.e2eeOn(), settings.keyEpoch(), createdAt, rotation, due,
                    settings.rekeyNeeded(), settings.newMembersReadHistory());
        }, worker);
    }

    /**
     * How many devices each member has, by user id, from their signed device lists (asked afresh):
     * every one of them holds the room key. A member who cannot be looked up now is left out.
     */
    public CompletableFuture<Map<String, Integer>> deviceCounts(String sessionId) {
        return CompletableFuture.supplyAsync(() -> history.members(sessionId), worker).thenCompose(members -> {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            // a member who cannot be looked up now is only left out
            CompletableFuture<Void> all = Batches.each(members, member -> devices.of(member.userId(), true)
                    .thenAccept(list -> counts.put(member.userId(), list.devices().size()))
                    .exceptionally(failure -> null));
            return all.thenApply(done -> Map.copyOf(counts));
        });
    }

    /** {@link #keyInfo}, after asking the homeserver for the session's current facts. */
    public CompletableFuture<KeyInfo> refreshKeyInfo(String sessionId) {
        return conversations.refresh(sessionId).thenCompose(done -> keyInfo(sessionId));
    }
}
