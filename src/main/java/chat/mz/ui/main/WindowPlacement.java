package chat.mz.ui.main;

import chat.mz.client.config.Settings.WindowBounds;
import java.util.List;
import java.util.Optional;

/**
 * Decides where the main window opens. Saved bounds are reused only while they still fit on one of
 * the current screens: a monitor that was unplugged, or a resolution that shrank, must not leave the
 * window somewhere the user cannot reach. Otherwise the window opens at its default size, centred on
 * the primary screen (and never larger than that screen).
 *
 * @param defaultWidth  width on first run
 * @param defaultHeight height on first run
 * @param minWidth      the window's minimum width; smaller saved bounds are not trusted
 * @param minHeight     the window's minimum height
 */
public record WindowPlacement(double defaultWidth, double defaultHeight, double minWidth, double minHeight) {
    /**
     * How far a window may stick out of its screen and still count as fitting: window managers put
     * decorations and shadows a few pixels past the usable area.
     */
    static final double TOLERANCE = 16;

    /** A rectangle in screen coordinates, such as a screen's usable area. */
    public record Area(double x, double y, double width, double height) {
        boolean contains(WindowBounds b, double tolerance) {
            return b.x() >= x - tolerance && b.y() >= y - tolerance
                    && b.x() + b.width() <= x + width + tolerance
                    && b.y() + b.height() <= y + height + tolerance;
        }
    }

    /**
     * @param saved   the bounds saved last time, if any
     * @param screens the usable area of each current screen
     * @param primary the usable area of the primary screen
     * @return where to put the window, and whether to maximize it (remembered even when the saved
     *         bounds themselves no longer fit)
     */
    public WindowBounds place(Optional<WindowBounds> saved, List<Area> screens, Area primary) {
        if (saved.isPresent() && fits(saved.get(), screens)) {
            return saved.get();
        }
        double width = Math.min(defaultWidth, primary.width());
        double height = Math.min(defaultHeight, primary.height());
        double x = primary.x() + (primary.width() - width) / 2;
        double y = primary.y() + (primary.height() - height) / 2;
        return new WindowBounds(x, y, width, height, saved.map(WindowBounds::maximized).orElse(false));
    }

    private boolean fits(WindowBounds bounds, List<Area> screens) {
        if (!(bounds.width() >= minWidth && bounds.height() >= minHeight)) {
            return false;
        }
        return screens.stream().anyMatch(screen -> screen.contains(bounds, TOLERANCE));
    }
}
