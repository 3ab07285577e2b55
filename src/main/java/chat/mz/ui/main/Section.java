package chat.mz.ui.main;

/**
 * The places the sidebar leads to, in the order shown, each with the words its empty content area
 * shows until there is something to list.
 */
public enum Section {
    CHATS("Chats", "No conversations yet", "Conversations you start or receive will show up here."),
    DEVICES("Devices", "No linked devices yet", "Link your phone or another computer to use mzchat there too."),
    SETTINGS("Settings", "Settings are not available yet", "They open once your account is unlocked.");

    private final String label;
    private final String emptyTitle;
    private final String emptyHint;

    Section(String label, String emptyTitle, String emptyHint) {
        this.label = label;
        this.emptyTitle = emptyTitle;
        this.emptyHint = emptyHint;
    }

    /** The name in the sidebar. */
    public String label() {
        return label;
    }

    /** The headline of the empty state. */
    public String emptyTitle() {
        return emptyTitle;
    }

    /** One line under the headline saying what will appear, or how to get started. */
    public String emptyHint() {
        return emptyHint;
    }
}
