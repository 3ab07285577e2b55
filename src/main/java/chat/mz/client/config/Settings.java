package chat.mz.client.config;

import java.net.URI;
import java.util.Optional;

/**
 * The user's settings.
 *
 * @param homeserver the homeserver to connect to; empty means "run one embedded on this computer"
 * @param window     where the main window was last, if known
 */
public record Settings(Optional<URI> homeserver, Optional<WindowBounds> window) {

    public static Settings defaults() {
        return new Settings(Optional.empty(), Optional.empty());
    }

    public Settings withWindow(WindowBounds bounds) {
        return new Settings(homeserver, Optional.of(bounds));
    }

    public Settings withHomeserver(URI uri) {
        return new Settings(Optional.ofNullable(uri), window);
    }

    /** A window's place and size, in screen coordinates. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }
}
