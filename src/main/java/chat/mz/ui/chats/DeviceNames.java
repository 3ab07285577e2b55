package chat.mz.ui.chats;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The names of this account's devices, for "Sent from Ada's phone". They come from the account's
 * verified device list, a call to the homeserver, so they are asked for off the UI thread, only when
 * a message names a device not known yet, and kept for as long as the section lives. A device the
 * list does not name (revoked, or while the list cannot be had) stays nameless here, and its
 * messages read as sent from another of your devices.
 *
 * <p>UI thread only.
 */
final class DeviceNames {
    private final Supplier<CompletionStage<Map<String, String>>> lookUp;
    private final Calls calls;
    private final Runnable changed;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> readOnly = Collections.unmodifiableMap(names);
    /** Asked for, answered or under way: not asked again unless the answer failed. */
    private final Set<String> asked = new HashSet<>();
    /** Met while a question was under way: asked next. */
    private final Set<String> waiting = new HashSet<>();
    private boolean asking;

    /**
     * @param lookUp  {@link ChatAccount#deviceNames()}, called off the UI thread
     * @param changed runs on the UI thread once names arrived that were not known before
     */
    DeviceNames(Supplier<CompletionStage<Map<String, String>>> lookUp, Calls calls, Runnable changed) {
        this.lookUp = Objects.requireNonNull(lookUp, "lookUp");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    /** The names known so far, by device id; asks for the devices of {@code items} not known yet. */
    Map<String, String> of(Collection<MessageItem> items) {
        for (MessageItem item : items) {
            String device = item.otherDevice();
            if (!device.isEmpty() && !names.containsKey(device) && !asked.contains(device)) {
                waiting.add(device);
            }
        }
        if (!waiting.isEmpty() && !asking) {
            ask();
        }
        return readOnly;
    }

    private void ask() {
        Set<String> wanted = Set.copyOf(waiting);
        waiting.clear();
        asked.addAll(wanted);
        asking = true;
        calls.run(lookUp, (found, failure) -> {
            asking = false;
            if (failure != null) {
                // offline, say: the fallback stays, and the next message shown asks again
                asked.removeAll(wanted);
            } else {
                boolean more = found.keySet().stream().anyMatch(id -> !names.containsKey(id));
                names.putAll(found);
                if (more) {
                    changed.run();
                }
            }
            waiting.removeAll(names.keySet());
            if (!waiting.isEmpty()) {
                ask();
            }
        });
    }
}
