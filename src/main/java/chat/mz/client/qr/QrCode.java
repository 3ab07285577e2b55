package chat.mz.client.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A QR code as a grid of modules, with the four-module quiet zone the standard asks for, so that any
 * renderer (a JavaFX image, a PNG file) draws it at whole-pixel module sizes and it stays crisp.
 *
 * @param size the width and height in modules, quiet zone included
 */
public record QrCode(int size, boolean[] dark) {
    /** The quiet zone, in modules, on every side. */
    public static final int QUIET_ZONE = 4;

    public QrCode {
        if (dark.length != size * size) {
            throw new IllegalArgumentException("a QR code is square");
        }
        dark = dark.clone();
    }

    /** Encodes {@code text} with error correction level M: sturdy enough for a screen photographed by a phone. */
    public static QrCode encode(String text) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        BitMatrix matrix;
        try {
            // width 0 asks for the natural size: one pixel per module
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("The text is too long for a QR code.", e);
        }
        int size = matrix.getWidth();
        boolean[] dark = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                dark[y * size + x] = matrix.get(x, y);
            }
        }
        return new QrCode(size, dark);
    }

    public boolean isDark(int x, int y) {
        return dark[y * size + x];
    }

    /** Writes the code as a PNG with {@code pixelsPerModule} pixels per module. */
    public void writePng(Path file, int pixelsPerModule) throws IOException {
        BitMatrix matrix = new BitMatrix(size * pixelsPerModule);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (isDark(x, y)) {
                    matrix.setRegion(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
                }
            }
        }
        MatrixToImageWriter.writeToPath(matrix, "PNG", file);
    }

    /** Reads the text of the QR code in an image file (PNG, JPEG…), e.g. a screenshot or a photo. */
    public static String decode(Path image) throws IOException {
        BufferedImage picture;
        try (var in = Files.newInputStream(image)) {
            picture = ImageIO.read(in);
        }
        if (picture == null) {
            throw new IOException("The file " + image + " is not an image this app can read.");
        }
        return decode(new BufferedImageLuminanceSource(picture));
    }

    /** Reads the text of the QR code in ARGB pixels, e.g. a snapshot of the app's own window. */
    public static String decode(int width, int height, int[] argb) throws IOException {
        return decode(new RGBLuminanceSource(width, height, argb));
    }

    private static String decode(LuminanceSource source) throws IOException {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new IOException("No readable QR code was found in the image.", e);
        }
    }
}
