package chat.mz.client.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's settings.
 *
 * @param homeserver    the homeserver to connect to; empty means "run one embedded on this computer"
 * @param window        where the main window was last, if known
 * @param theme         the look of the desktop app
 * @param notifications whether new messages raise a notification while the window is in the background
 */
public record Settings(Optional<URI> homeserver, Optional<WindowBounds> window, Theme theme, boolean notifications) {

    public Settings {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(theme, "theme");
    }

    public static Settings defaults() {
        return new Settings(Optional.empty(), Optional.empty(), Theme.LIGHT, true);
    }

    public Settings withWindow(WindowBounds bounds) {
        return new Settings(homeserver, Optional.of(bounds), theme, notifications);
    }

    public Settings withHomeserver(URI uri) {
        return new Settings(Optional.ofNullable(uri), window, theme, notifications);
    }

    public Settings withTheme(Theme chosen) {
        return new Settings(homeserver, window, chosen, notifications);
    }

    public Settings withNotifications(boolean on) {
        return new Settings(homeserver, window, theme, on);
    }

    /** A window's place and size, in screen coordinates. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    /** The desktop app's colour scheme. */
    public enum Theme {
        LIGHT, DARK
    }
}
