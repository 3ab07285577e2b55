package chat.mz.app.notifications;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications as a tray icon's message (Windows' toast, macOS' Notification Center, the tray
 * balloon of Linux desktops that have a tray). Clicking the message or the icon brings the window
 * forward.
 *
 * <p>AWT runs next to JavaFX here, which takes care: every AWT call goes through AWT's own event
 * thread ({@link EventQueue}), never the JavaFX thread (on macOS both toolkits share the main
 * thread, and waiting on one from the other can deadlock); AWT is started only after JavaFX is, from
 * a background thread. The tray icon is the only AWT thing the app makes, and {@link #close()}
 * removes it, so AWT has nothing left that keeps its thread alive once the window is closed (the
 * launcher exits the JVM after JavaFX in any case). The app keeps JavaFX's implicit exit: closing
 * the window quits, the tray icon is a place for notifications, not for the app to live on in.
 */
final class TrayNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(TrayNotifier.class);
    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128);

    private final TrayIcon icon;

    private TrayNotifier(TrayIcon icon) {
        this.icon = icon;
    }

    /**
     * A tray icon, if this system has a tray. Call off the JavaFX thread: it starts AWT and waits for it.
     *
     * @param onClick runs (on AWT's thread) when the user clicks a message or the icon
     */
    static Optional<Notifier> create(Runnable onClick) {
        if (GraphicsEnvironment.isHeadless()) {
            return Optional.empty();
        }
        AtomicReference<TrayIcon> made = new AtomicReference<>();
        try {
            EventQueue.invokeAndWait(() -> {
                if (!SystemTray.isSupported()) {
                    return;
                }
                SystemTray tray = SystemTray.getSystemTray();
                Image image = image(tray.getTrayIconSize().width);
                if (image == null) {
                    return;
                }
                TrayIcon icon = new TrayIcon(image, "mzchat");
                icon.setImageAutoSize(true);
                icon.addActionListener(event -> onClick.run());
                try {
                    tray.add(icon);
                    made.set(icon);
                } catch (AWTException e) {
                    LOG.info("The system tray refused the icon: {}", e.toString());
                }
            });
        } catch (InvocationTargetException | Error e) {
            // no display, or a desktop whose tray AWT cannot talk to: notifications are optional
            LOG.info("No system tray: {}", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.ofNullable(made.get()).map(TrayNotifier::new);
    }

    @Override
    public void show(Notification notification) {
        EventQueue.invokeLater(() -> icon.displayMessage(notification.title(), notification.body(),
                TrayIcon.MessageType.NONE));
    }

    /** Removes the icon, waiting a moment for AWT to do it (the app is exiting). */
    @Override
    public void close() {
        CountDownLatch removed = new CountDownLatch(1);
        EventQueue.invokeLater(() -> {
            try {
                SystemTray.getSystemTray().remove(icon);
            } finally {
                removed.countDown();
            }
        });
        try {
            removed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The app icon closest above the tray's size (scaled down by AWT), or null if none is in the build. */
    private static Image image(int traySize) {
        int size = ICON_SIZES.stream().filter(s -> s >= traySize).findFirst().orElse(128);
        try (InputStream in = TrayNotifier.class.getResourceAsStream("/chat/mz/ui/icons/mzchat-" + size + ".png")) {
            return in == null ? null : ImageIO.read(in);
        } catch (IOException e) {
            LOG.info("The tray icon could not be read: {}", e.toString());
            return null;
        }
    }
}
