package chat.mz.ui.main;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app icon in every size the build ships (copied from the top-level {@code icons/png}); the window
 * system picks the size it needs for the title bar, task bar and switcher.
 */
final class WindowIcons {
    private static final Logger LOG = LoggerFactory.getLogger(WindowIcons.class);
    static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);

    private WindowIcons() {
    }

    /** The icons found on the class path; a missing one is logged and skipped, never fatal. */
    static List<Image> load() {
        List<Image> icons = new ArrayList<>();
        for (int size : SIZES) {
            URL url = WindowIcons.class.getResource(path(size));
            if (url == null) {
                LOG.warn("The window icon {} is missing from the build", path(size));
            } else {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /** The icon closest to {@code size} pixels wide, or null if there are none. */
    static Image closest(List<Image> icons, double size) {
        Image best = null;
        for (Image icon : icons) {
            if (best == null || Math.abs(icon.getWidth() - size) < Math.abs(best.getWidth() - size)) {
                best = icon;
            }
        }
        return best;
    }

    private static String path(int size) {
        return "/chat/mz/ui/icons/mzchat-" + size + ".png";
    }
}
