package chat.mz.client.e2ee;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ReplayGuard} over windows held in memory, which can start from stored ones and hand its
 * windows out to be stored. Thread-safe; one lock, since an update costs a few hundred nanoseconds
 * next to the signature check of the message it is for.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    private final int windowSize;
    private final Map<SenderStream, ReplayWindow> windows;

    /** An empty guard with windows of {@link ReplayWindow#DEFAULT_SIZE}. */
    public InMemoryReplayGuard() {
        this(ReplayWindow.DEFAULT_SIZE, Map.of());
    }

    /**
     * A guard that starts from {@code saved} windows and gives new streams windows of {@code windowSize}.
     *
     * @throws IllegalArgumentException if {@code windowSize} is not a multiple of 64 from 64 to
     *         {@link ReplayWindow#MAX_SIZE}
     */
    public InMemoryReplayGuard(int windowSize, Map<SenderStream, ReplayWindow> saved) {
        ReplayWindow.empty(windowSize);
        this.windowSize = windowSize;
        this.windows = new HashMap<>(Objects.requireNonNull(saved, "saved"));
    }

    @Override
    public synchronized void check(MessageHeader header) throws E2eeException {
        window(SenderStream.of(header)).check(header.counter());
    }

    @Override
    public synchronized void accept(MessageHeader header) throws E2eeException {
        SenderStream stream = SenderStream.of(header);
        windows.put(stream, window(stream).accept(header.counter()));
    }

    /** The window of one stream, if it has accepted anything. */
    public synchronized Optional<ReplayWindow> windowOf(SenderStream stream) {
        return Optional.ofNullable(windows.get(stream));
    }

    /** Every window, for storage; a copy. */
    public synchronized Map<SenderStream, ReplayWindow> snapshot() {
        return Map.copyOf(windows);
    }

    private ReplayWindow window(SenderStream stream) {
        ReplayWindow window = windows.get(stream);
        return window != null ? window : ReplayWindow.empty(windowSize);
    }
}
