package chat.mz.app;

import chat.mz.app.notifications.MessageNotifications;
import chat.mz.app.notifications.NotificationPolicy;
import chat.mz.app.notifications.Notifier;
import chat.mz.app.notifications.WindowFocus;
import chat.mz.client.messaging.Messenger;
import java.time.Clock;
import javafx.stage.Window;

/**
 * Connects new-message notifications to the desktop app: the account's messenger, the notification
 * switch in the settings (read afresh for every message, so switching it off takes effect at once),
 * and whether the main window has the focus.
 */
final class NewMessageAlerts {
    private NewMessageAlerts() {
    }

    /**
     * Starts notifying; call on the JavaFX thread once the account's messenger runs.
     *
     * @return what to close when the account is locked or the app exits
     */
    static AutoCloseable install(Messenger messenger, DesktopServices services, Window window, Notifier notifier,
                                 Clock clock) {
        WindowFocus focus = WindowFocus.follow(window);
        MessageNotifications notifications = new MessageNotifications(messenger, new NotificationPolicy(clock),
                () -> services.settings().notifications(), focus, notifier);
        return () -> {
            notifications.close();
            focus.close();
        };
    }
}
