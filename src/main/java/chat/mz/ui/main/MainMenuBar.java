package chat.mz.ui.main;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/**
 * The main window's menus, built from {@link Command} and {@link Shortcuts}: each item runs its
 * command, shows the command's first shortcut, and is disabled while the command does nothing. On a
 * Mac the menus move to the system's menu bar.
 */
final class MainMenuBar extends MenuBar {

    MainMenuBar(MainWindowViewModel viewModel) {
        setId("menuBar");
        setUseSystemMenuBar(true);
        Map<Command.MenuGroup, Menu> menus = new EnumMap<>(Command.MenuGroup.class);
        for (Command.MenuGroup group : Command.MenuGroup.values()) {
            Menu menu = new Menu(group.label());
            menu.setId("menu-" + group.name().toLowerCase(Locale.ROOT));
            menus.put(group, menu);
            getMenus().add(menu);
        }
        for (Command command : Command.values()) {
            Menu menu = menus.get(command.menu());
            if (command.separatorBefore() && !menu.getItems().isEmpty()) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            menu.getItems().add(item(viewModel, command));
        }
    }

    private static MenuItem item(MainWindowViewModel viewModel, Command command) {
        MenuItem item = new MenuItem(command.label());
        // labels with "…" and digits are not meant as mnemonics
        item.setMnemonicParsing(false);
        item.setId(id(command));
        Shortcuts.primary(command).ifPresent(shortcut -> item.setAccelerator(shortcut.keys()));
        item.disableProperty().bind(viewModel.availableBinding(command).not());
        item.setOnAction(event -> viewModel.run(command));
        return item;
    }

    /** The item's id: {@code menu-new-chat} for {@link Command#NEW_CHAT}. */
    static String id(Command command) {
        return "menu-" + command.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
