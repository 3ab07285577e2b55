package chat.mz.app;

import chat.mz.app.notifications.AppFocus;
import chat.mz.app.notifications.MessageNotifications;
import chat.mz.app.notifications.NotificationPolicy;
import chat.mz.app.notifications.Notifier;
import chat.mz.client.messaging.Messenger;
import java.time.Clock;

/**
 * Connects new-message notifications to the desktop app: the account's messenger, the notification
 * switch in the settings (read afresh for every message, so switching it off takes effect at once),
 * and whether the app has the focus (its main window or one of its dialogs).
 */
final class NewMessageAlerts {
    private NewMessageAlerts() {
    }

    /**
     * Starts notifying; call on the JavaFX thread once the account's messenger runs.
     *
     * @return what to close when the account is locked or the app exits
     */
    static AutoCloseable install(Messenger messenger, DesktopServices services, Notifier notifier, Clock clock) {
        AppFocus focus = AppFocus.follow();
        MessageNotifications notifications = new MessageNotifications(messenger, new NotificationPolicy(clock),
                () -> services.settings().notifications(), focus, notifier);
        return () -> {
            notifications.close();
            focus.close();
        };
    }
}
