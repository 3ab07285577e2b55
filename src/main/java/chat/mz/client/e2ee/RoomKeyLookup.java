package chat.mz.client.e2ee;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The room keys this device holds for one session, by epoch: what {@link RoomCipher#open} decrypts
 * with. The history implements it over its stored keys; {@link #of} serves a fixed set.
 */
@FunctionalInterface
public interface RoomKeyLookup {
    /** The key of {@code epoch} of this lookup's session, or empty when this device does not have it. */
    Optional<RoomKey> find(long epoch);

    /**
     * A lookup over {@code keys}, which must all belong to one session.
     *
     * @throws IllegalArgumentException if the keys span sessions or two share an epoch
     */
    static RoomKeyLookup of(Collection<RoomKey> keys) {
        Map<Long, RoomKey> byEpoch = new HashMap<>();
        String sessionId = null;
        for (RoomKey key : keys) {
            if (sessionId != null && !sessionId.equals(key.sessionId())) {
                throw new IllegalArgumentException("a lookup serves the keys of one session");
            }
            sessionId = key.sessionId();
            if (byEpoch.put(key.epoch(), key) != null) {
                throw new IllegalArgumentException("two keys for epoch " + key.epoch());
            }
        }
        Map<Long, RoomKey> frozen = Map.copyOf(byEpoch);
        return epoch -> Optional.ofNullable(frozen.get(epoch));
    }

    /** A lookup over the given keys of one session. */
    static RoomKeyLookup of(RoomKey... keys) {
        return of(List.of(keys));
    }
}
