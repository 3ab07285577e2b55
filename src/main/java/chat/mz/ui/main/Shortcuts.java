package chat.mz.ui.main;

import static javafx.scene.input.KeyCombination.ALT_DOWN;
import static javafx.scene.input.KeyCombination.CONTROL_DOWN;
import static javafx.scene.input.KeyCombination.SHIFT_DOWN;
import static javafx.scene.input.KeyCombination.SHORTCUT_DOWN;

import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;

/**
 * The app's keyboard shortcuts, all in one table: the menus take their accelerators from it and the
 * Keyboard shortcuts dialog lists it, so what the dialog shows is exactly what is bound. A command's
 * first row is the one its menu item shows; further rows are other keys for the same thing.
 */
public final class Shortcuts {
    /** Every shortcut, in the order the dialog lists them. */
    public static final List<Shortcut> TABLE = List.of(
            new Shortcut(Command.NEW_CHAT, new KeyCodeCombination(KeyCode.N, SHORTCUT_DOWN),
                    "Start a new chat"),
            new Shortcut(Command.NEW_GROUP, new KeyCodeCombination(KeyCode.N, SHORTCUT_DOWN, SHIFT_DOWN),
                    "Create a new group"),
            new Shortcut(Command.SEARCH, new KeyCodeCombination(KeyCode.F, SHORTCUT_DOWN),
                    "Search messages"),
            new Shortcut(Command.NEXT_CONVERSATION, new KeyCodeCombination(KeyCode.TAB, CONTROL_DOWN),
                    "Open the next conversation"),
            new Shortcut(Command.NEXT_CONVERSATION, new KeyCodeCombination(KeyCode.DOWN, ALT_DOWN),
                    "Open the next conversation"),
            new Shortcut(Command.PREVIOUS_CONVERSATION,
                    new KeyCodeCombination(KeyCode.TAB, CONTROL_DOWN, SHIFT_DOWN), "Open the previous conversation"),
            new Shortcut(Command.PREVIOUS_CONVERSATION, new KeyCodeCombination(KeyCode.UP, ALT_DOWN),
                    "Open the previous conversation"),
            new Shortcut(Command.SHOW_CHATS, new KeyCodeCombination(KeyCode.DIGIT1, SHORTCUT_DOWN), "Go to Chats"),
            new Shortcut(Command.SHOW_DEVICES, new KeyCodeCombination(KeyCode.DIGIT2, SHORTCUT_DOWN),
                    "Go to Devices"),
            new Shortcut(Command.SHOW_SETTINGS, new KeyCodeCombination(KeyCode.DIGIT3, SHORTCUT_DOWN),
                    "Go to Settings"),
            new Shortcut(Command.SETTINGS, new KeyCodeCombination(KeyCode.COMMA, SHORTCUT_DOWN), "Open Settings"),
            new Shortcut(Command.LINK_DEVICE, new KeyCodeCombination(KeyCode.L, SHORTCUT_DOWN),
                    "Link a phone or another computer"),
            new Shortcut(Command.KEYBOARD_SHORTCUTS, new KeyCodeCombination(KeyCode.SLASH, SHORTCUT_DOWN),
                    "Show these keyboard shortcuts"),
            new Shortcut(Command.KEYBOARD_SHORTCUTS, new KeyCodeCombination(KeyCode.F1),
                    "Show these keyboard shortcuts"),
            new Shortcut(Command.QUIT, new KeyCodeCombination(KeyCode.Q, SHORTCUT_DOWN), "Quit mzchat"));

    private Shortcuts() {
    }

    /** The shortcut a command's menu item shows, if it has any. */
    public static Optional<Shortcut> primary(Command command) {
        return TABLE.stream().filter(shortcut -> shortcut.command() == command).findFirst();
    }

    /**
     * " (Ctrl+N)" for a command with a shortcut, in this system's words ("⌘N" on a Mac), to follow a
     * hint or tooltip; empty for a command without one.
     */
    public static String hint(Command command) {
        return primary(command).map(shortcut -> " (" + shortcut.keysText() + ")").orElse("");
    }
}
