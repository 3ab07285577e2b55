package chat.mz.app;

import static chat.mz.app.RunningApp.onFx;
import static chat.mz.app.RunningApp.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.AppPaths;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.Shortcut;
import chat.mz.ui.main.Shortcuts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Help → Keyboard shortcuts on the real app: it lists what the menus bind, and the keys it lists do
 * what it says they do, whatever has the focus (the composer included).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeyboardShortcutsTest {
    @TempDir
    Path home;
    @TempDir
    Path server;

    private ChatPartners partners;
    private RunningApp app;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void ada() throws Exception {
        partners = new ChatPartners(server);
        AppPaths paths = AppPaths.under(home);
        partners.configure(paths);
        app = RunningApp.start(paths).createAccount("ada");
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.close();
        }
        partners.close();
    }

    @Test
    void theDialogListsEveryShortcutTheMenusAndTheWindowBind() {
        app.press(KeyCode.F1);
        waitFor("the shortcuts dialog", () -> app.visible("#keyboardShortcuts"));

        List<Shortcut> listed = listed();
        assertEquals(Shortcuts.TABLE, listed);
        // each menu item shows the first keys listed for its command, and no keys that are not listed
        for (MenuItem item : menuItems()) {
            Optional<Shortcut> first = listed.stream().filter(row -> id(row.command()).equals(item.getId()))
                    .findFirst();
            assertEquals(first.map(Shortcut::keys).orElse(null), onFx(item::getAccelerator), item.getText());
        }
        assertEquals(Command.values().length, menuItems().size(), "every command has its menu item");
        // a screen reader hears what each row does and its keys
        List<String> spoken = onFx(() -> app.robot().lookup("#shortcutList .list-cell").queryAll().stream()
                .map(cell -> ((ListCell<?>) cell).getAccessibleText()).filter(text -> text != null).toList());
        assertTrue(spoken.contains("Start a new chat: " + new KeyCodeCombination(KeyCode.N,
                KeyCombination.SHORTCUT_DOWN).getDisplayText()), spoken.toString());
        assertTrue(onFx(() -> app.robot().lookup("#shortcutList").query().isFocused()), "the list has the focus");

        app.press(KeyCode.ESCAPE);
        waitFor("the dialog to close", () -> !app.visible("#keyboardShortcuts"));

        press(listed, Command.KEYBOARD_SHORTCUTS, 0);
        waitFor("the dialog again, with Ctrl+/", () -> app.visible("#keyboardShortcuts"));
        app.press(KeyCode.ESCAPE);
        waitFor("the dialog to close", () -> !app.visible("#keyboardShortcuts"));
    }

    @Test
    void theListedShortcutsDoWhatTheySay() throws Exception {
        String adaId = app.services().unlockedIdentity().orElseThrow().userId();
        String fromBob = partners.writes("bob", "ada", adaId, "climbing on Sunday?");
        String fromCarol = partners.writes("carol", "ada", adaId, "lunch?");
        waitFor("both conversations", () -> app.visible("#conversation-" + fromBob)
                && app.visible("#conversation-" + fromCarol));
        app.press(KeyCode.F1);
        waitFor("the shortcuts dialog", () -> app.visible("#keyboardShortcuts"));
        List<Shortcut> listed = listed();
        app.press(KeyCode.ESCAPE);
        waitFor("the dialog to close", () -> !app.visible("#keyboardShortcuts"));

        press(listed, Command.NEW_CHAT, 0);
        waitFor("New chat", () -> app.visible("#newChatUsername"));
        app.press(KeyCode.ESCAPE);
        waitFor("New chat to close", () -> !app.visible("#newChatUsername"));

        press(listed, Command.SEARCH, 0);
        waitFor("the search field focused", () -> app.focusedId().equals(Optional.of("chatSearch")));

        press(listed, Command.NEXT_CONVERSATION, 0);
        waitFor("a conversation to open", () -> !app.text("#chatTitle").isEmpty());
        String first = app.text("#chatTitle");
        // opening a conversation puts the cursor in the composer, a text area, which would keep Ctrl+Tab
        waitFor("the composer focused", () -> app.focusedId().equals(Optional.of("composerField")));
        press(listed, Command.NEXT_CONVERSATION, 0);
        waitFor("the next conversation", () -> !app.text("#chatTitle").equals(first));
        String second = app.text("#chatTitle");
        assertEquals(Set.of("bob", "carol"), Set.of(first, second));
        press(listed, Command.PREVIOUS_CONVERSATION, 0);
        waitFor("the previous conversation", () -> app.text("#chatTitle").equals(first));
        press(listed, Command.NEXT_CONVERSATION, 1);
        waitFor("the next one with Alt+Down", () -> app.text("#chatTitle").equals(second));
        press(listed, Command.PREVIOUS_CONVERSATION, 1);
        waitFor("the previous one with Alt+Up", () -> app.text("#chatTitle").equals(first));

        press(listed, Command.SHOW_DEVICES, 0);
        waitFor("Devices", () -> "Devices".equals(app.section()) && app.visible("#devicesView"));
        press(listed, Command.SHOW_SETTINGS, 0);
        waitFor("Settings", () -> "Settings".equals(app.section()) && app.visible("#settingsView"));
        press(listed, Command.SHOW_CHATS, 0);
        waitFor("Chats", () -> "Chats".equals(app.section()));
        press(listed, Command.SETTINGS, 0);
        waitFor("Settings with Ctrl+,", () -> "Settings".equals(app.section()));

        // from another section, New group opens Chats and its dialog
        press(listed, Command.NEW_GROUP, 0);
        waitFor("New group", () -> app.visible("#newGroupName"));
        assertEquals("Chats", app.section());
        app.press(KeyCode.ESCAPE);
        waitFor("New group to close", () -> !app.visible("#newGroupName"));
    }

    private List<MenuItem> menuItems() {
        return onFx(() -> {
            MenuBar bar = (MenuBar) app.stage().getScene().getRoot().lookup("#menuBar");
            List<MenuItem> items = new ArrayList<>();
            bar.getMenus().forEach(menu -> menu.getItems().stream().filter(item -> item.getId() != null)
                    .forEach(items::add));
            return items;
        });
    }

    private static String id(Command command) {
        return "menu-" + command.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rows the dialog shows. */
    private List<Shortcut> listed() {
        return onFx(() -> List.copyOf(app.robot().lookup("#shortcutList").<ListView<Shortcut>>query().getItems()));
    }

    /** Presses the keys of the {@code index}-th row the dialog lists for {@code command}. */
    private void press(List<Shortcut> listed, Command command, int index) {
        List<Shortcut> rows = listed.stream().filter(s -> s.command() == command).toList();
        KeyCodeCombination keys = (KeyCodeCombination) rows.get(index).keys();
        List<KeyCode> held = new ArrayList<>();
        if (keys.getShortcut() == KeyCombination.ModifierValue.DOWN
                || keys.getControl() == KeyCombination.ModifierValue.DOWN) {
            // Shortcut is Ctrl on this system (Linux)
            held.add(KeyCode.CONTROL);
        }
        if (keys.getShift() == KeyCombination.ModifierValue.DOWN) {
            held.add(KeyCode.SHIFT);
        }
        if (keys.getAlt() == KeyCombination.ModifierValue.DOWN) {
            held.add(KeyCode.ALT);
        }
        held.add(keys.getCode());
        app.press(held.toArray(KeyCode[]::new));
    }
}
