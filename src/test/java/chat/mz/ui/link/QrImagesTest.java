package chat.mz.ui.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.qr.QrCode;
import org.junit.jupiter.api.Test;

/** How big the code is drawn: whole device pixels per module, at least 240 layout units across. */
class QrImagesTest {
    private static final String URL = "http://127.0.0.1:8750/qr/login/AAAAAAAAAAAAAAAAAAAAAAAA#"
            + "0123456789012345678901234567890123456789012";

    @Test
    void aLinkIsDrawnAtLeast240UnitsWideWithSixOrMorePixelsPerModule() {
        QrCode code = QrCode.encode(URL);
        int pixels = QrImages.pixelsPerModule(code.size(), 1.0);

        assertTrue(pixels >= 6, "pixels per module: " + pixels);
        assertTrue(code.size() * pixels >= 240, "side: " + code.size() * pixels);
    }

    @Test
    void aHiDpiScreenGetsWholeDevicePixelsPerModule() {
        int plain = QrImages.pixelsPerModule(45, 1.0);
        assertEquals(2 * plain, QrImages.pixelsPerModule(45, 2.0));
        // 125 %: modules round up to whole device pixels rather than blur
        assertEquals((int) Math.ceil(plain * 1.25), QrImages.pixelsPerModule(45, 1.25));
        assertEquals(plain, QrImages.pixelsPerModule(45, Double.NaN));
    }
}
