package chat.mz.client.messaging;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.identity.DeviceCertificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Members' devices as their own signed device lists say ({@link DeviceDirectory} checks every
 * answer against the account's identity key): what room keys are sealed to and message signatures
 * are checked against. Never the homeserver's word alone, or it could add a device of its own.
 *
 * <p>Lists are kept in memory while this runs and asked for again when a device is missing from
 * them (newly linked) or a re-key is refused as incomplete. A list older than one seen before is
 * refused, so the homeserver cannot bring back a revoked device by replaying an old list.
 * Continuations run on the connection's threads, never on the messenger's, so the messenger may
 * wait for an answer without blocking its own work.
 */
final class MemberDevices {
    private static final long LOOKUP_SECONDS = 20;

    /** How long a list is used before it is asked for again, as {@link ContactBook#RECHECK_AFTER} does for keys. */
    static final Duration KEEP_FOR = Duration.ofMinutes(10);

    private final DeviceDirectory directory;
    private final Clock clock;
    private final Map<String, Held> known = new ConcurrentHashMap<>();
    /** The newest list version seen per user, kept when a list is forgotten. */
    private final Map<String, Long> newestVersion = new ConcurrentHashMap<>();

    /** A list and when it was fetched. */
    private record Held(VerifiedDevices devices, Instant fetchedAt) {
    }

    MemberDevices(DeviceDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * A user's devices: the list held, or a fresh one when {@code fresh}, none is held or the one
     * held is older than {@link #KEEP_FOR}.
     */
    CompletableFuture<VerifiedDevices> of(String userId, boolean fresh) {
        Held held = known.get(userId);
        if (held != null && !fresh && clock.instant().isBefore(held.fetchedAt().plus(KEEP_FOR))) {
            return CompletableFuture.completedFuture(held.devices());
        }
        return directory.byUserId(userId, newestVersion.getOrDefault(userId, 0L)).thenApply(verified -> {
            newestVersion.merge(userId, verified.deviceList().body().version(), Math::max);
            known.put(userId, new Held(verified, clock.instant()));
            return verified;
        });
    }

    /** Every user's devices, {@link Batches#AT_ONCE} lookups at a time. */
    CompletableFuture<Map<String, VerifiedDevices>> ofAll(Collection<String> userIds, boolean fresh) {
        Map<String, VerifiedDevices> found = new ConcurrentHashMap<>();
        return Batches.each(List.copyOf(userIds), userId -> of(userId, fresh).thenAccept(devices -> found.put(userId,
                devices))).thenApply(done -> new HashMap<>(found));
    }

    /**
     * The certificate of one device, looking the user up again once if it is not on the list held.
     * Blocks the calling thread for the lookup; empty when the device is not on its account's list
     * (revoked, or never there) or the account cannot be looked up.
     */
    Optional<DeviceCertificate> certificate(DeviceRef device) {
        Held list = known.get(device.userId());
        Optional<DeviceCertificate> held = list == null || !clock.instant().isBefore(list.fetchedAt().plus(KEEP_FOR))
                ? Optional.empty() : find(list.devices(), device);
        if (held.isPresent()) {
            return held;
        }
        try {
            return find(of(device.userId(), true).get(LOOKUP_SECONDS, TimeUnit.SECONDS), device);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Forgets the lists held, so the next use asks again. */
    void forget(Collection<String> userIds) {
        userIds.forEach(known::remove);
    }

    private static Optional<DeviceCertificate> find(VerifiedDevices devices, DeviceRef device) {
        if (devices == null) {
            return Optional.empty();
        }
        return devices.devices().stream().filter(c -> c.body().deviceId().equals(device.deviceId())).findFirst();
    }
}
