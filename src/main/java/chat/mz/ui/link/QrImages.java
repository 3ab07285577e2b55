package chat.mz.ui.link;

import chat.mz.client.qr.QrCode;
import java.util.Arrays;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;

/**
 * Draws a {@link QrCode} into a JavaFX image, with whole device pixels per module so that its edges
 * stay sharp: no PNG round trip, no scaling of a smaller image.
 */
final class QrImages {
    /** The code's least size on screen, quiet zone included, in layout units: easy to scan from a phone. */
    static final double MIN_SIDE = 240;
    /** No fewer layout units per module than this, even for a small code. */
    static final int MIN_UNITS_PER_MODULE = 6;

    private static final int DARK = 0xFF000000;
    private static final int LIGHT = 0xFFFFFFFF;

    private QrImages() {
    }

    /**
     * Device pixels per module for a code of {@code modules} per side on a screen with
     * {@code outputScale} device pixels per layout unit (1 on a plain screen, 2 on a Retina one).
     */
    static int pixelsPerModule(int modules, double outputScale) {
        double scale = outputScale > 0 && Double.isFinite(outputScale) ? outputScale : 1;
        int units = Math.max(MIN_UNITS_PER_MODULE, (int) Math.ceil(MIN_SIDE / modules));
        return (int) Math.ceil(units * scale - 1e-9);
    }

    /** The code with {@code pixelsPerModule} pixels per module, its quiet zone white. */
    static WritableImage render(QrCode code, int pixelsPerModule) {
        int side = code.size() * pixelsPerModule;
        WritableImage image = new WritableImage(side, side);
        PixelWriter writer = image.getPixelWriter();
        int[] row = new int[side];
        for (int y = 0; y < code.size(); y++) {
            for (int x = 0; x < code.size(); x++) {
                int colour = code.isDark(x, y) ? DARK : LIGHT;
                Arrays.fill(row, x * pixelsPerModule, (x + 1) * pixelsPerModule, colour);
            }
            for (int line = 0; line < pixelsPerModule; line++) {
                writer.setPixels(0, y * pixelsPerModule + line, side, 1,
                        PixelFormat.getIntArgbInstance(), row, 0, side);
            }
        }
        return image;
    }
}
