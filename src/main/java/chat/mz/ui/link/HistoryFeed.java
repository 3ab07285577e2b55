package chat.mz.ui.link;

import chat.mz.client.Subscription;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the message history offered to a newly linked device is getting on: the seam between
 * {@link LinkDeviceViewModel} and the client core (the messenger's history sharing in the app, a
 * fake in tests).
 */
@FunctionalInterface
public interface HistoryFeed {
    /** For a dialog on a device that offers no history: nothing is ever told. */
    HistoryFeed NONE = (deviceId, listener) -> () -> { };

    /**
     * Tells {@code listener} where the history offered to {@code deviceId} stands, first as it is now
     * (if anything was offered yet) and then at each change, in order, on any thread, until the
     * returned handle is closed. Nothing is told when no history was offered to that device.
     * {@code listener} must not block.
     */
    Subscription follow(String deviceId, Consumer<Progress> listener);

    /** How far a history transfer has got. */
    enum Stage {
        /** Offered; the device has not answered yet. */
        OFFERED,
        /** The device took it and it is being sent. */
        RUNNING,
        /** All of it is on the device. */
        DONE,
        /** The device declined it. */
        SKIPPED,
        /** It stopped on an error. */
        FAILED
    }

    /**
     * Where a transfer stands.
     *
     * @param done    messages sent so far
     * @param total   messages offered
     * @param problem for {@link Stage#FAILED}, why, when it is known; empty otherwise
     */
    record Progress(Stage stage, long done, long total, String problem) {
        public Progress {
            Objects.requireNonNull(stage, "stage");
            problem = problem == null ? "" : problem;
        }

        /** Where a transfer stands, with no problem to tell. */
        public Progress(Stage stage, long done, long total) {
            this(stage, done, total, "");
        }
    }
}
