package chat.mz.ui.main;

import chat.mz.ui.status.ConnectionStatusViewModel;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the main window shows: its title, the sidebar's sections and which one is open, the empty
 * state of the open section, the app's version, and the status bar's model.
 */
public final class MainWindowViewModel {
    public static final String TITLE = "mzchat";

    private final String version;
    private final ConnectionStatusViewModel status;
    private final ObjectProperty<Section> selectedSection = new SimpleObjectProperty<>(this, "selectedSection",
            Section.CHATS);
    private final StringBinding emptyTitle;
    private final StringBinding emptyHint;

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
