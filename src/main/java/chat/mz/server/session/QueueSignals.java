package chat.mz.server.session;

import chat.mz.server.Cancellable;
import chat.mz.server.store.DeviceKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wakes the waiting {@code fetch_events} calls of a device when something was queued for it. Only
 * calls waiting on this node hear it; with several nodes the same signal would travel over a
 * publish/subscribe channel, while the queue itself stays in the shared database.
 */
public final class QueueSignals {
    private final Map<DeviceKey, List<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} on every later signal for {@code device}, until cancelled. */
    public Cancellable subscribe(DeviceKey device, Runnable listener) {
        listeners.compute(device, (key, list) -> {
            List<Runnable> next = list == null ? new CopyOnWriteArrayList<>() : list;
            next.add(listener);
            return next;
        });
        return () -> listeners.computeIfPresent(device, (key, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Something was committed to these devices' queues. */
    public void signal(Collection<DeviceKey> devices) {
        for (DeviceKey device : devices) {
            List<Runnable> waiting = listeners.get(device);
            if (waiting != null) {
                waiting.forEach(Runnable::run);
            }
        }
    }

    /** How many devices have a call waiting, for gauges and tests. */
    public int waitingDevices() {
        return listeners.size();
    }
}
