package chat.mz.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.config.Settings;
import chat.mz.client.config.Settings.Theme;
import chat.mz.client.config.SettingsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings section's model, on a real settings file and without a window. */
class SettingsViewModelTest {
    @TempDir
    Path folder;

    /** Keeps each change in a real settings file, as the app does (there on its own thread). */
    private final class FileSettings implements AppSettings {
        private final SettingsStore store = new SettingsStore(folder.resolve("settings.properties"));
        private Settings current = store.load();
        private int changes;

        @Override
        public Settings current() {
            return current;
        }

        @Override
        public void change(UnaryOperator<Settings> change) {
            changes++;
            current = change.apply(current);
            try {
                store.save(change.apply(store.load()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Settings saved() {
            return store.load();
        }
    }

    private final List<Theme> applied = new ArrayList<>();

    @Test
    void showsTheSavedSettings() throws IOException {
        new SettingsStore(folder.resolve("settings.properties"))
                .save(Settings.defaults().withTheme(Theme.DARK).withNotifications(false));
        SettingsViewModel model = new SettingsViewModel(new FileSettings(), applied::add);

        assertEquals(Theme.DARK, model.themeProperty().get());
        assertFalse(model.notificationsProperty().get());
        assertTrue(applied.isEmpty(), "showing the settings changes nothing");
    }

    @Test
    void choosingDarkAppliesItAndSavesIt() {
        FileSettings settings = new FileSettings();
        SettingsViewModel model = new SettingsViewModel(settings, applied::add);
        assertEquals(Theme.LIGHT, model.themeProperty().get());

        model.themeProperty().set(Theme.DARK);

        assertEquals(List.of(Theme.DARK), applied);
        assertEquals(Theme.DARK, settings.saved().theme());

        model.themeProperty().set(Theme.LIGHT);
        assertEquals(List.of(Theme.DARK, Theme.LIGHT), applied);
        assertEquals(Theme.LIGHT, settings.saved().theme());
    }

    @Test
    void thereIsAlwaysATheme() {
        FileSettings settings = new FileSettings();
        SettingsViewModel model = new SettingsViewModel(settings, applied::add);
        model.themeProperty().set(Theme.DARK);

        model.themeProperty().set(null);

        assertEquals(Theme.DARK, model.themeProperty().get());
        assertEquals(List.of(Theme.DARK), applied, "the theme kept is not applied again");
        assertEquals(1, settings.changes);
    }

    @Test
    void theNotificationSwitchIsSavedAndKeepsTheOtherSettings() {
        FileSettings settings = new FileSettings();
        SettingsViewModel model = new SettingsViewModel(settings, applied::add);
        model.themeProperty().set(Theme.DARK);
        assertTrue(model.notificationsProperty().get(), "on unless turned off");

        model.notificationsProperty().set(false);

        assertFalse(settings.saved().notifications());
        assertEquals(Theme.DARK, settings.saved().theme());
        assertEquals(List.of(Theme.DARK), applied, "the switch does not touch the theme");

        model.notificationsProperty().set(true);
        assertTrue(settings.saved().notifications());
    }
}
