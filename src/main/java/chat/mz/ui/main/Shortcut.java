package chat.mz.ui.main;

import java.util.Objects;
import javafx.scene.input.KeyCombination;

/**
 * One key combination bound to a command, with the words the Keyboard shortcuts dialog shows for it.
 *
 * @param command     what the keys do
 * @param keys        the keys ({@code Shortcut} is Ctrl, or ⌘ on a Mac)
 * @param description what pressing them does, in the user's words
 */
public record Shortcut(Command command, KeyCombination keys, String description) {
    public Shortcut {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(description, "description");
    }

    /** The keys as this system writes them: "Ctrl+Shift+N" here, "⇧⌘N" on a Mac. */
    public String keysText() {
        return keys.getDisplayText();
    }
}
