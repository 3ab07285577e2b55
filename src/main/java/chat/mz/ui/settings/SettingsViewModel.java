package chat.mz.ui.settings;

import chat.mz.client.config.Settings;
import chat.mz.client.config.Settings.Theme;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Settings section: the app's theme and the notification switch, as they are saved. A change
 * takes effect at once (a new theme restyles the open windows) and is kept in the settings file; the
 * notifier reads the switch from the settings each time a message arrives.
 *
 * <p>Call on the UI thread.
 */
public final class SettingsViewModel {
    public static final String NOTIFICATIONS_TEXT =
            "Show a notification when a message arrives while mzchat is in the background";

    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final BooleanProperty notifications = new SimpleBooleanProperty(this, "notifications");

    /**
     * @param settings   where the settings are read and kept
     * @param applyTheme restyles the app in a theme that was chosen
     */
    public SettingsViewModel(AppSettings settings, Consumer<Theme> applyTheme) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(applyTheme, "applyTheme");
        Settings now = settings.current();
        theme.set(now.theme());
        notifications.set(now.notifications());
        theme.addListener((obs, old, chosen) -> {
            if (chosen == null) {
                // a toggle group can be emptied (ctrl-click); there is always a theme, so keep the last one
                theme.set(old);
            } else if (chosen != settings.current().theme()) {
                applyTheme.accept(chosen);
                settings.change(s -> s.withTheme(chosen));
            }
        });
        notifications.addListener((obs, was, on) -> {
            if (on != settings.current().notifications()) {
                settings.change(s -> s.withNotifications(on));
            }
        });
    }

    /** The app's theme; setting it applies and saves it. Never null. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Whether a message arriving while the app is in the background raises a notification. */
    public BooleanProperty notificationsProperty() {
        return notifications;
    }
}
