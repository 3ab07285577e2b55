package chat.mz.server.store;

import java.util.Set;

/**
 * What a committed change answers, plus the devices that got something queued by it: the caller
 * wakes their waiting fetches once the change is committed (so a woken fetch is sure to see it).
 */
public record StoreChange<T>(T value, Set<DeviceKey> queuedFor) {
    public StoreChange {
        queuedFor = Set.copyOf(queuedFor);
    }
}
