package chat.mz.ui.main;

import chat.mz.ui.status.ConnectionStatusViewModel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the main window shows: its title, the sidebar's sections and which one is open, the empty
 * state of the open section, the app's version, the status bar's model, and what each menu
 * {@link Command} does: the sections say so with {@link #setAction}, and a command without an action
 * is unavailable (its menu item disabled, its shortcut doing nothing).
 */
public final class MainWindowViewModel {
    public static final String TITLE = "mzchat";

    private final String version;
    private final ConnectionStatusViewModel status;
    private final ObjectProperty<Section> selectedSection = new SimpleObjectProperty<>(this, "selectedSection",
            Section.CHATS);
    private final StringBinding emptyTitle;
    private final StringBinding emptyHint;
    private final Map<Command, ObjectProperty<Runnable>> actions = new EnumMap<>(Command.class);

    /**
     * @param version the app's version, shown at the foot of the sidebar
     * @param status  the status bar's model
     */
    public MainWindowViewModel(String version, ConnectionStatusViewModel status) {
        this.version = Objects.requireNonNull(version, "version");
        this.status = Objects.requireNonNull(status, "status");
        // a list may clear its selection (ctrl-click); some section is always open, so keep the last one
        selectedSection.addListener((obs, old, section) -> {
            if (section == null) {
                selectedSection.set(old);
            }
        });
        emptyTitle = Bindings.createStringBinding(() -> selectedSection.get().emptyTitle(), selectedSection);
        emptyHint = Bindings.createStringBinding(() -> selectedSection.get().emptyHint(), selectedSection);
        for (Command command : Command.values()) {
            actions.put(command, new SimpleObjectProperty<>(this, command.name()));
        }
        // going to a section needs nobody else; the sections it shows fill in the rest
        setAction(Command.SHOW_CHATS, () -> selectedSection.set(Section.CHATS));
        setAction(Command.SHOW_DEVICES, () -> selectedSection.set(Section.DEVICES));
        setAction(Command.SHOW_SETTINGS, () -> selectedSection.set(Section.SETTINGS));
        setAction(Command.SETTINGS, () -> selectedSection.set(Section.SETTINGS));
    }

    /**
     * Says what {@code command} does from now on; null makes it unavailable again (say, when the
     * section that did it goes away).
     */
    public void setAction(Command command, Runnable action) {
        actions.get(command).set(action);
    }

    /** Whether {@code command} does anything at the moment. */
    public BooleanBinding availableBinding(Command command) {
        return actions.get(command).isNotNull();
    }

    /**
     * Does {@code command}, if it is available.
     *
     * @return whether anything was done
     */
    public boolean run(Command command) {
        Runnable action = actions.get(command).get();
        if (action == null) {
            return false;
        }
        action.run();
        return true;
    }

    public String title() {
        return TITLE;
    }

    /** The sidebar's sections, in order. */
    public List<Section> sections() {
        return List.of(Section.values());
    }

    /** The open section; never null (setting null keeps the one that was open). */
    public ObjectProperty<Section> selectedSectionProperty() {
        return selectedSection;
    }

    /** The open section's empty-state headline. */
    public StringBinding emptyTitleBinding() {
        return emptyTitle;
    }

    /** The open section's empty-state hint. */
    public StringBinding emptyHintBinding() {
        return emptyHint;
    }

    /** E.g. "Version 0.1.0". */
    public String versionText() {
        return "Version " + version;
    }

    public ConnectionStatusViewModel status() {
        return status;
    }
}
