package chat.mz.ui.main;

import javafx.scene.shape.SVGPath;

/**
 * Line icons for the sections, drawn as SVG paths on a 24 × 24 grid so they stay sharp at any size
 * and take their colour from CSS ({@code .section-icon}).
 */
final class SectionIcons {
    private static final String CHATS =
            "M5 4h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-7l-5 4v-4H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
            + "M7.5 9h9M7.5 12.5h6";
    private static final String DEVICES =
            "M4 5h11a1 1 0 0 1 1 1v9H3V6a1 1 0 0 1 1-1zM1.5 18h15"
            + "M19 8h2.5a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H19a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z";

    /** A slider panel rather than a cog: it stays legible at the sidebar's small size. */
    private static final String SETTINGS =
            "M4 7h9M17 7h3M13 7a2 2 0 1 0 4 0a2 2 0 1 0-4 0"
            + "M4 17h3M11 17h9M7 17a2 2 0 1 0 4 0a2 2 0 1 0-4 0";

    private SectionIcons() {
    }

    /** A new icon node for {@code section}, {@code scale} times 24 px. */
    static SVGPath icon(Section section, double scale) {
        SVGPath path = new SVGPath();
        path.setContent(switch (section) {
            case CHATS -> CHATS;
            case DEVICES -> DEVICES;
            case SETTINGS -> SETTINGS;
        });
        path.getStyleClass().add("section-icon");
        path.setScaleX(scale);
        path.setScaleY(scale);
        return path;
    }
}
