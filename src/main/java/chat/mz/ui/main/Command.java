package chat.mz.ui.main;

/**
 * What the main window's menus can do, in menu order. The window does not know how: the sections fill
 * that in ({@link MainWindow#setAction}), and a command nobody has filled in shows disabled, such as
 * "Link a device" on a device that cannot link others.
 */
public enum Command {
    NEW_CHAT(MenuGroup.FILE, "New chat…", false),
    NEW_GROUP(MenuGroup.FILE, "New group…", false),
    LINK_DEVICE(MenuGroup.FILE, "Link a device…", false),
    SETTINGS(MenuGroup.FILE, "Settings…", true),
    QUIT(MenuGroup.FILE, "Quit mzchat", true),
    SEARCH(MenuGroup.VIEW, "Search messages", false),
    NEXT_CONVERSATION(MenuGroup.VIEW, "Next conversation", false),
    PREVIOUS_CONVERSATION(MenuGroup.VIEW, "Previous conversation", false),
    SHOW_CHATS(MenuGroup.VIEW, "Chats", true),
    SHOW_DEVICES(MenuGroup.VIEW, "Devices", false),
    SHOW_SETTINGS(MenuGroup.VIEW, "Settings", false),
    KEYBOARD_SHORTCUTS(MenuGroup.HELP, "Keyboard shortcuts", false),
    ABOUT(MenuGroup.HELP, "About mzchat", true);

    private final MenuGroup menu;
    private final String label;
    private final boolean separatorBefore;

    Command(MenuGroup menu, String label, boolean separatorBefore) {
        this.menu = menu;
        this.label = label;
        this.separatorBefore = separatorBefore;
    }

    /** The menu it sits in. */
    public MenuGroup menu() {
        return menu;
    }

    /** Its words in the menu. */
    public String label() {
        return label;
    }

    /** Whether a line separates it from the item above, to group the menu's items. */
    public boolean separatorBefore() {
        return separatorBefore;
    }

    /** The menu bar's menus, in order; the underscore marks the letter that opens each with Alt. */
    public enum MenuGroup {
        FILE("_File"), VIEW("_View"), HELP("_Help");

        private final String label;

        MenuGroup(String label) {
            this.label = label;
        }

        /** The menu's title, with its mnemonic. */
        public String label() {
            return label;
        }
    }
}
