package chat.mz.app;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.messaging.ContactBook;
import chat.mz.client.messaging.Messenger;
import chat.mz.ui.chats.ChatsView;
import chat.mz.ui.chats.ChatsViewModel;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.MainWindow;
import chat.mz.ui.main.Section;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Puts the Chats section into the main window once the account's messenger runs: the conversation
 * list with invitations and join requests, the open conversation, the composer and search, and the
 * menu commands that act on them (New chat, New group, Search, next and previous conversation),
 * which open Chats first when another section is shown.
 */
public final class ChatsSection {
    private ChatsSection() {
    }

    /**
     * The section for the app's account, if it is unlocked and connected. Call on the JavaFX thread.
     *
     * @return what to close when the app exits; empty when there is no messenger (no homeserver)
     */
    static Optional<AutoCloseable> install(MainWindow window, DesktopServices services, Executor uiThread) {
        Optional<Messenger> messenger = services.messenger();
        Optional<UnlockedIdentity> identity = services.unlockedIdentity();
        Optional<HomeserverConnection> connection = services.connection();
        if (messenger.isEmpty() || identity.isEmpty() || connection.isEmpty()) {
            return Optional.empty();
        }
        DeviceDirectory devices = new DeviceDirectory(connection.get(), Clock.systemUTC());
        ContactBook contacts = new ContactBook(devices, messenger.get().history(), messenger.get().me(),
                identity.get().rootPublicKey(), services.background(), Clock.systemUTC(),
                messenger.get()::tellOtherDevices);
        return Optional.of(install(window, messenger.get(), contacts, devices, uiThread, services.background()));
    }

    /**
     * Call on the JavaFX thread, after unlocking or creating the account.
     *
     * @param messenger  the account's messenger, its history open
     * @param contacts   to look people up and check their keys
     * @param devices    looks up the account's own devices, to say which one sent a message
     * @param uiThread   runs on the JavaFX thread
     * @param background runs the section's calls off the UI thread
     * @return what to close when the account is locked or the app exits (stops following the messenger)
     */
    public static AutoCloseable install(MainWindow window, Messenger messenger, ContactBook contacts,
                                        DeviceDirectory devices, Executor uiThread, Executor background) {
        CoreChatAccount account = new CoreChatAccount(messenger, contacts, devices, Clock.systemUTC());
        ChatsView view = new ChatsView(new ChatsViewModel(account, uiThread, background, Clock.systemDefaultZone()));
        window.setSectionContent(Section.CHATS, view);
        Map<Command, Runnable> commands = Map.of(Command.NEW_CHAT, view::newChat, Command.NEW_GROUP, view::newGroup,
                Command.SEARCH, view::focusSearch, Command.NEXT_CONVERSATION, view::nextConversation,
                Command.PREVIOUS_CONVERSATION, view::previousConversation);
        commands.forEach((command, action) -> inChats(window, command, action));
        return () -> {
            commands.keySet().forEach(command -> window.setAction(command, null));
            view.dispose();
            account.close();
        };
    }

    private static void inChats(MainWindow window, Command command, Runnable action) {
        window.setAction(command, () -> {
            window.showSection(Section.CHATS);
            action.run();
        });
    }
}
