package chat.mz.app;

import chat.mz.client.qr.QrCode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the screenshot tour does with the screen: waits for a view to appear (failing with the name
 * of the screen it expected, so that a broken step never leaves an old picture in place), reads
 * labels, clicks, and writes a window's contents to a PNG file.
 */
final class TourScreen {
    /** Longest wait for any screen; the slowest step (a room key sealed to every member) takes about a second. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Lets animations (the list's scroll, the progress bar) come to rest before a picture is taken. */
    private static final long SETTLE_MILLIS = 600;

    private final FxRobot robot = new FxRobot();
    private final Path folder;

    /** @param folder where the PNG files go */
    TourScreen(Path folder) {
        this.folder = folder;
    }

    FxRobot robot() {
        return robot;
    }

    /** Waits until {@code condition} holds; otherwise the tour fails naming what it waited for. */
    void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (RuntimeException e) {
                    // a node looked up a moment before it exists: ask again
                    return false;
                }
            });
        } catch (TimeoutException e) {
            throw new TourFailure("Did not reach " + what + " within " + PATIENCE.toSeconds() + " s", e);
        }
    }

    /** Waits until a node matching {@code query} is shown. */
    void waitForNode(String what, String query) {
        waitFor(what, () -> onFx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false)));
    }

    /** Waits until the labeled node {@code query} reads {@code expected}. */
    void waitForText(String query, String expected) {
        waitFor("\"" + expected + "\" in " + query, () -> expected.equals(text(query)));
    }

    boolean isShown(String query) {
        return onFx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
    }

    String text(String query) {
        return onFx(() -> robot.lookup(query).tryQuery().filter(Labeled.class::isInstance)
                .map(node -> ((Labeled) node).getText()).orElse(null));
    }

    /** Clicks the node once it is shown, as a person would once they see it. */
    void click(String what, String query) {
        waitForNode(what, query);
        WaitForAsyncUtils.waitForFxEvents();
        // shown is not yet clickable while a window above it is still going away: try again until it is
        waitFor(what + " to click", () -> {
            try {
                robot.clickOn(query);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Whether {@code node} and all that hold it are visible (a list keeps spare cells hidden). */
    static boolean showing(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /** The open window whose title is {@code title}: a dialog. */
    Stage window(String title) {
        waitFor("the \"" + title + "\" window", () -> find(title).isPresent());
        return find(title).orElseThrow();
    }

    private Optional<Stage> find(String title) {
        return onFx(() -> List.copyOf(Window.getWindows()).stream()
                .filter(Stage.class::isInstance).map(Stage.class::cast)
                .filter(stage -> stage.isShowing() && title.equals(stage.getTitle())).findFirst());
    }

    /** Reads the QR code the image view {@code query} shows, from its pixels, as a phone's camera would. */
    String scanQrCode(String query) {
        return onFx(() -> {
            Image image = ((ImageView) robot.lookup(query).query()).getImage();
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            int[] argb = new int[width * height];
            image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
            try {
                return QrCode.decode(width, height, argb);
            } catch (IOException e) {
                throw new TourFailure("The link dialog's QR code does not scan", e);
            }
        });
    }

    /**
     * Writes what {@code scene} shows to {@code name}.png, once layout and animations have settled,
     * and returns the file.
     */
    Path shoot(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = onFx(() -> scene.snapshot(null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        // opaque RGB: a window has no transparent parts, and the file is smaller without alpha
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        png.setRGB(0, 0, width, height, argb, 0, width);
        Path file = folder.resolve(name + ".png");
        try {
            Files.createDirectories(folder);
            if (!ImageIO.write(png, "png", file.toFile())) {
                throw new TourFailure("No PNG writer in this JDK", null);
            }
        } catch (IOException e) {
            throw new TourFailure("Could not write " + file, e);
        }
        System.out.printf("took %s (%d×%d)%n", name, width, height);
        return file;
    }

    /** Runs {@code callable} on the JavaFX thread and returns its result. */
    static <T> T onFx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TourFailure("Interrupted", e);
        } catch (Exception e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TourFailure("The JavaFX thread did not answer", e);
        }
    }

    /** A step of the tour that did not reach the screen it expected. */
    static final class TourFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TourFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
