package chat.mz.client.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrCodeTest {
    private static final String LINK =
            "http://127.0.0.1:40123/qr/login/q3xV7kZpR2mN8sT4wY6aBc#Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg-_0123456789abc";

    @Test
    void aLinkSurvivesEncodingToPixelsAndDecodingBack() throws Exception {
        QrCode code = QrCode.encode(LINK);
        int scale = 4;
        int width = code.size() * scale;
        int[] argb = new int[width * width];
        for (int y = 0; y < width; y++) {
            for (int x = 0; x < width; x++) {
                argb[y * width + x] = code.isDark(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        assertEquals(LINK, QrCode.decode(width, width, argb));
    }

    @Test
    void theCodeHasAQuietZoneOfFourLightModules() {
        QrCode code = QrCode.encode(LINK);
        for (int i = 0; i < code.size(); i++) {
            for (int band = 0; band < QrCode.QUIET_ZONE; band++) {
                assertFalse(code.isDark(i, band) || code.isDark(band, i)
                        || code.isDark(i, code.size() - 1 - band) || code.isDark(code.size() - 1 - band, i));
            }
        }
        assertTrue(code.isDark(QrCode.QUIET_ZONE, QrCode.QUIET_ZONE), "a finder pattern starts right after it");
    }

    @Test
    void aPngFileRoundTrips(@TempDir Path folder) throws Exception {
        Path png = folder.resolve("link.png");
        QrCode.encode(LINK).writePng(png, 6);
        assertEquals(LINK, QrCode.decode(png));
    }

    @Test
    void imagesWithoutACodeOrNotImagesAtAllArePlainErrors(@TempDir Path folder) throws Exception {
        int[] blank = new int[100 * 100];
        java.util.Arrays.fill(blank, 0xFFFFFFFF);
        IOException none = assertThrows(IOException.class, () -> QrCode.decode(100, 100, blank));
        assertEquals("No readable QR code was found in the image.", none.getMessage());

        Path text = Files.writeString(folder.resolve("notes.png"), "not an image");
        assertThrows(IOException.class, () -> QrCode.decode(text));
    }
}
