package chat.mz.app;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.DeviceActivityLookup;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.sync.HistoryTransfers;
import chat.mz.ui.account.ChangePassphraseDialog;
import chat.mz.ui.account.ChangePassphraseViewModel;
import chat.mz.ui.devices.DevicesView;
import chat.mz.ui.devices.DevicesViewModel;
import chat.mz.ui.link.DeviceAddingLinks;
import chat.mz.ui.link.HistoryFeed;
import chat.mz.ui.link.LinkDeviceDialog;
import chat.mz.ui.link.LinkDeviceViewModel;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.MainWindow;
import chat.mz.ui.main.Section;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Puts the Devices section into the main window once an identity is unlocked: the verified device
 * list with revoke and last seen, "Change passphrase…" opening its dialog, and, on the authorized
 * device, "Link a device" (and its menu item) opening the link dialog, which offers each device it links the message
 * history and shows it being sent.
 */
final class DevicesSection {
    private DevicesSection() {
    }

    /** Call on the JavaFX thread, after unlocking or creating the account. */
    static void install(MainWindow window, DesktopServices services, Executor uiThread) {
        Optional<UnlockedIdentity> unlocked = services.unlockedIdentity();
        Optional<HomeserverConnection> connected = services.connection();
        if (unlocked.isEmpty() || connected.isEmpty()) {
            return;
        }
        UnlockedIdentity identity = unlocked.get();
        HomeserverConnection connection = connected.get();
        Clock clock = Clock.systemUTC();
        DevicesViewModel devices = new DevicesViewModel(new CoreDeviceAccount(new DeviceDirectory(connection, clock),
                new DeviceManager(connection, clock), identity, new DeviceActivityLookup(connection),
                services.firstLogin()), uiThread, services.background(), Clock.systemDefaultZone());
        Runnable linkDevice = !identity.holdsRootKey() ? null : () -> {
            // each device linked is offered the last 90 days, and the dialog shows how that goes
            Optional<LinkedDeviceHistory> history = services.messenger().map(messenger -> new LinkedDeviceHistory(
                    messenger.historySharing(), HistoryTransfers.DEFAULT_WINDOW));
            DeviceAddingLinks links = new DeviceAddingLinks(connection, identity, clock, services.random(),
                    services.background(), deviceId -> history.ifPresent(offers -> offers.offer(deviceId)));
            HistoryFeed feed = history.isPresent() ? history.get() : HistoryFeed.NONE;
            Stage dialog = LinkDeviceDialog.show(window.window(), new LinkDeviceViewModel(links, feed, uiThread,
                    clock));
            dialog.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> {
                history.ifPresent(LinkedDeviceHistory::close);
                devices.refresh();
            });
        };
        Runnable changePassphrase = () -> ChangePassphraseDialog.show(window.window(),
                new ChangePassphraseViewModel(services::changePassphrase, uiThread));
        window.setSectionContent(Section.DEVICES, new DevicesView(devices, linkDevice, changePassphrase));
        // File → Link a device… (Ctrl+L) stays disabled on a device that cannot link others
        window.setAction(Command.LINK_DEVICE, linkDevice);
    }
}
