package chat.mz.app.notifications;

/** Shows notifications the way this system can. Both methods return at once, from any thread. */
public interface Notifier {
    /** A notifier for systems that have no way to show one: notifications are optional. */
    Notifier NONE = notification -> { };

    /** Shows {@code notification}; never blocks the caller. */
    void show(Notification notification);

    /** Takes away what it put on screen (a tray icon); called when the app exits. */
    default void close() {
    }
}
