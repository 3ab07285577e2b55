package chat.mz.app.notifications;

import chat.mz.client.Subscription;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.HistoryException;
import chat.mz.history.Protection;
import chat.mz.history.SessionSummary;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the messenger's new entries and raises a notification where the {@link NotificationPolicy}
 * says so. A batch of entries for one conversation (a catch-up after being offline, say) is one
 * notification, about its newest message. Runs on the messenger's thread; the notifier does not block.
 */
public final class MessageNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageNotifications.class);

    private final History history;
    private final String myUserId;
    private final NotificationPolicy policy;
    private final BooleanSupplier enabled;
    private final BooleanSupplier appFocused;
    private final Notifier notifier;
    private final Subscription following;

    /**
     * Starts following {@code messenger} at once; {@link #close()} stops it.
     *
     * @param enabled    the notification setting, asked afresh for every message
     * @param appFocused whether one of the app's windows has the focus, asked afresh for every message
     */
    public MessageNotifications(Messenger messenger, NotificationPolicy policy, BooleanSupplier enabled,
                                BooleanSupplier appFocused, Notifier notifier) {
        this.history = messenger.history();
        this.myUserId = messenger.me().userId();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.enabled = Objects.requireNonNull(enabled, "enabled");
        this.appFocused = Objects.requireNonNull(appFocused, "appFocused");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.following = messenger.events().subscribe(this::onEvent);
    }

    private void onEvent(MessengerEvent event) {
        if (!(event instanceof MessengerEvent.EntriesAdded added)) {
            return;
        }
        Optional<Entry> newest = newestFromSomeoneElse(added.entries());
        if (newest.isEmpty()) {
            return;
        }
        Entry entry = newest.get();
        Optional<SessionSummary> session;
        try {
            session = history.session(added.sessionId());
        } catch (HistoryException e) {
            LOG.debug("No notification: the conversation could not be read: {}", e.toString());
            return;
        }
        NotificationPolicy.Message message = new NotificationPolicy.Message(entry.sessionId(),
                session.map(SessionSummary::name).orElse(null), session.map(SessionSummary::direct).orElse(true),
                entry.senderName(), entry.text(), entry.protection() != Protection.UNREADABLE,
                entry.outgoing() || myUserId.equals(entry.senderUserId()), entry.kind() == Entry.Kind.SYSTEM);
        policy.decide(message, enabled.getAsBoolean(), appFocused.getAsBoolean()).ifPresent(notifier::show);
    }

    private Optional<Entry> newestFromSomeoneElse(List<Entry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (entry.kind() == Entry.Kind.TEXT && !entry.outgoing() && !myUserId.equals(entry.senderUserId())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Stops following the messenger. */
    @Override
    public void close() {
        following.close();
    }
}
