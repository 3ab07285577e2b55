package chat.mz.ui.link;

import chat.mz.client.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** History transfers a test moves on by hand, from whatever thread it likes. */
final class FakeHistoryFeed implements HistoryFeed {
    private final List<Follower> followers = new ArrayList<>();

    private record Follower(String deviceId, Consumer<Progress> listener) {
    }

    @Override
    public synchronized Subscription follow(String deviceId, Consumer<Progress> listener) {
        Follower follower = new Follower(deviceId, listener);
        followers.add(follower);
        return () -> {
            synchronized (this) {
                followers.remove(follower);
            }
        };
    }

    /** Who follows which device now. */
    synchronized List<String> followed() {
        return followers.stream().map(Follower::deviceId).toList();
    }

    /** Tells those following {@code deviceId}. */
    synchronized void tell(String deviceId, Progress progress) {
        for (Follower follower : List.copyOf(followers)) {
            if (follower.deviceId().equals(deviceId)) {
                follower.listener().accept(progress);
            }
        }
    }
}
