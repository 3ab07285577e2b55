package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.app.notifications.Notification;
import chat.mz.app.notifications.Notifier;
import chat.mz.client.Subscription;
import chat.mz.client.config.AppPaths;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.testing.FakeClock;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.WindowManager;
import chat.mz.ui.chats.LoopbackChat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * New messages raise notifications as the desktop app wires them, over a real homeserver on
 * loopback with two accounts: Bob writes, Ada's window is in the background or not, and her
 * notification switch is on or off.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewMessageNotificationsTest {
    @TempDir
    Path folder;

    private final FakeClock clock = new FakeClock();
    private final RecordingNotifier shown = new RecordingNotifier();
    /** What Ada's messenger announced, seen after the notifications had their turn (same thread, in order). */
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private Stage stage;
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;
    private DesktopServices adaServices;
    private AutoCloseable alerts;
    private Subscription watching;

    /**
     * The OS notification as a list: no tray and no notification service exist on a headless test
     * machine, so this stands in for the system's own, recording what it would have shown.
     */
    private static final class RecordingNotifier implements Notifier {
        final List<Notification> notifications = new CopyOnWriteArrayList<>();

        @Override
        public void show(Notification notification) {
            notifications.add(notification);
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new Label("Ada's mzchat"), 400, 300));
        stage.show();
    }

    @BeforeEach
    void twoAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
        // Ada's settings as the app keeps them; no homeserver of its own is started in this test
        adaServices = new DesktopServices(AppPaths.under(folder.resolve("ada-app")), () -> {
            throw new IllegalStateException("this test connects through its own homeserver");
        }, MessagingWorld.CHEAP);
        alerts = onFx(() -> NewMessageAlerts.install(ada.messenger(), adaServices, shown, clock));
        watching = ada.messenger().events().subscribe(event -> {
            if (event instanceof MessengerEvent.EntriesAdded added) {
                added.entries().forEach(entry -> arrived.add(entry.text()));
            }
        });
        onFx(() -> {
            stage.requestFocus();
            return null;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(stage::isFocused));
    }

    @AfterEach
    void stop() throws Exception {
        watching.close();
        onFx(() -> {
            alerts.close();
            return null;
        });
        adaServices.close(Optional.empty());
        world.close();
    }

    @Test
    void aMessageFromSomeoneElseRaisesOneOnlyWhileTheWindowIsInTheBackgroundAndTheSwitchIsOn() throws Exception {
        String chat = get(bob.account().openDirect(get(bob.account().lookUp("ada")).userId()));

        // Ada is looking at the window
        bobWrites(chat, "Are you there?");
        assertEquals(List.of(), shown.notifications, "nothing while the window has the focus");

        // she switched to another app
        onFx(() -> {
            WindowManager.loseFocus(stage);
            return null;
        });
        String longer = "Climbing tomorrow at the north wall, meet at nine by the car park. Bring the long rope "
                + "and the blue helmet, it is going to be windy.";
        bobWrites(chat, longer);
        // cut at a hundred characters (the space before the cut dropped), with an ellipsis
        assertEquals(List.of(new Notification(chat, "New message from bob", "Climbing tomorrow at the north wall, "
                + "meet at nine by the car park. Bring the long rope and the blue…")), shown.notifications);

        // her own message, from this device, raises nothing
        clock.advance(Duration.ofMinutes(1));
        LoopbackChat.await(ada.messenger().send(chat, "Count me in"));
        LoopbackChat.await(ada.messenger().sendOutboxNow());
        LoopbackChat.waitFor("bob to have Ada's answer", () -> bob.history().latest(chat, 5).stream()
                .anyMatch(e -> e.text().equals("Count me in")));

        // a burst: the first of the quiet time shows, the next does not
        bobWrites(chat, "Great");
        bobWrites(chat, "See you");
        assertEquals(List.of("New message from bob", "New message from bob"),
                shown.notifications.stream().map(Notification::title).toList());
        assertEquals("Great", shown.notifications.get(1).body(), "her own message was not the one shown");

        // switched off in the settings: nothing, from the next message on
        clock.advance(Duration.ofMinutes(1));
        adaServices.changeSettings(settings -> settings.withNotifications(false));
        bobWrites(chat, "Hello?");
        assertEquals(2, shown.notifications.size());

        // on again, and back in the window: still nothing
        adaServices.changeSettings(settings -> settings.withNotifications(true));
        onFx(() -> {
            stage.requestFocus();
            return null;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(stage::isFocused));
        clock.advance(Duration.ofMinutes(1));
        bobWrites(chat, "Ah, there you are");
        assertEquals(2, shown.notifications.size());
    }

    @Test
    void aGroupMessageNamesTheGroupAndNothingIsRaisedInADialogOrFromAdasOtherDevice() throws Exception {
        LoopbackChat.Person phone = world.linkDevice(ada, "Ada's phone");
        String group = get(bob.account().createGroup("Climbing", List.of("ada"), false));
        LoopbackChat.waitFor("the group on Ada's phone", () -> phone.history().session(group).isPresent());
        onFx(() -> {
            WindowManager.loseFocus(stage);
            return null;
        });

        // a dialog of the app has the focus: Ada is in the app, nothing is raised
        Stage dialog = onFx(() -> {
            Stage newGroup = new Stage();
            newGroup.initOwner(stage);
            newGroup.setScene(new Scene(new Label("New group"), 200, 100));
            newGroup.show();
            newGroup.requestFocus();
            return newGroup;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(dialog::isFocused));
        bobWrites(group, "Anyone?");
        onFx(() -> {
            dialog.close();
            return null;
        });
        // closing it hands the focus back to the main window; then Ada goes to another app
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(stage::isFocused));
        onFx(() -> {
            WindowManager.loseFocus(stage);
            return null;
        });

        LoopbackChat.await(phone.messenger().send(group, "I bring the rope"));
        LoopbackChat.await(phone.messenger().sendOutboxNow());
        LoopbackChat.waitFor("the phone's message at Ada's desktop", () -> arrived.contains("I bring the rope"));
        bobWrites(group, "Who brings the helmets?");

        assertEquals(List.of(new Notification(group, "New message from bob in Climbing", "Who brings the helmets?")),
                shown.notifications);
    }

    /** Bob sends {@code text}; returns once Ada's app has taken it in, notification or not. */
    private void bobWrites(String chat, String text) throws Exception {
        get(bob.account().send(chat, text));
        LoopbackChat.waitFor("\"" + text + "\" at Ada's", () -> arrived.contains(text));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
