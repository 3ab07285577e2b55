package chat.mz.app.notifications;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notifier this system supports, chosen on a background thread (finding a tray starts AWT, which
 * takes a moment and must not happen on the JavaFX thread): the tray where there is one (Windows,
 * macOS, some Linux desktops); else on Linux {@code notify-send} if it is installed; else none.
 * Until the choice is made, notifications wait for it.
 */
public final class Notifiers implements Notifier {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread worker = new Thread(runnable, "mzchat-notifications");
        worker.setDaemon(true);
        return worker;
    });
    private final CompletableFuture<Notifier> chosen;

    private Notifiers(Runnable onClick) {
        this.chosen = CompletableFuture.supplyAsync(() -> TrayNotifier.create(onClick)
                .or(() -> System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                        ? NotifySend.find(System.getenv("PATH")).map(program -> new NotifySend(program, thread))
                        : Optional.empty())
                .orElse(Notifier.NONE), thread);
    }

    /**
     * Starts looking for the system's way to notify; returns at once.
     *
     * @param onClick brings the window forward when the user clicks a notification (from any thread)
     */
    public static Notifiers forThisSystem(Runnable onClick) {
        return new Notifiers(onClick);
    }

    @Override
    public void show(Notification notification) {
        chosen.thenAccept(notifier -> notifier.show(notification));
    }

    /** Closes the chosen notifier (the tray icon goes), waiting at most a second or two. */
    @Override
    public void close() {
        try {
            chosen.get(1, TimeUnit.SECONDS).close();
        } catch (TimeoutException e) {
            // still looking: whatever it finds is taken away as soon as it is found
            chosen.thenAccept(Notifier::close);
        } catch (ExecutionException e) {
            // the search failed: there is nothing on screen to take away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdown();
    }
}
