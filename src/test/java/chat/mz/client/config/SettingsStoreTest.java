package chat.mz.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path temp;

    @Test
    void settingsSurviveAWriteAndARead() throws Exception {
        SettingsStore store = new SettingsStore(temp.resolve("config/settings.properties"));
        Settings saved = Settings.defaults().withHomeserver(URI.create("ws://chat.example.org:8750"))
                .withWindow(new Settings.WindowBounds(10.5, 20, 1000, 680, true));
        store.save(saved);
        assertEquals(saved, store.load());
    }

    @Test
    void themeAndNotificationsSurviveAWriteAndARead() throws Exception {
        SettingsStore store = new SettingsStore(temp.resolve("settings.properties"));
        Settings saved = Settings.defaults().withTheme(Settings.Theme.DARK).withNotifications(false);
        store.save(saved);
        Settings loaded = store.load();
        assertEquals(Settings.Theme.DARK, loaded.theme());
        assertEquals(false, loaded.notifications());
        assertEquals(saved, loaded);
    }

    @Test
    void anUnknownThemeFallsBackToLightAndNotificationsStayOn() throws Exception {
        Path file = temp.resolve("settings.properties");
        Files.writeString(file, "theme=sepia\nnotifications=maybe\n");
        Settings settings = new SettingsStore(file).load();
        assertEquals(Settings.Theme.LIGHT, settings.theme());
        assertTrue(settings.notifications());
    }

    @Test
    void aMissingFileGivesTheDefaults() {
        assertEquals(Settings.defaults(), new SettingsStore(temp.resolve("none.properties")).load());
    }

    @Test
    void aDamagedFileGivesTheDefaultsInsteadOfStoppingTheApp() throws Exception {
        Path file = temp.resolve("settings.properties");
        Files.writeString(file, "homeserver=ws://bad host:1/\nwindow.width=abc\nwindow.height=-3\n\\u00");
        Settings settings = new SettingsStore(file).load();
        assertEquals(Optional.empty(), settings.window());
    }

    @Test
    void aBadHomeserverOrWindowIsIgnoredAlone() throws Exception {
        Path file = temp.resolve("settings.properties");
        Files.writeString(file, "homeserver=ws://bad host:1/\nwindow.x=1\nwindow.y=2\nwindow.width=300\n"
                + "window.height=200\n");
        Settings settings = new SettingsStore(file).load();
        assertEquals(Optional.empty(), settings.homeserver());
        assertEquals(Optional.of(new Settings.WindowBounds(1, 2, 300, 200, false)), settings.window());
    }

    @Test
    void savingLeavesNoTemporaryFilesBehind() throws Exception {
        SettingsStore store = new SettingsStore(temp.resolve("settings.properties"));
        store.save(Settings.defaults());
        store.save(Settings.defaults().withWindow(new Settings.WindowBounds(0, 0, 1, 1, false)));
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count());
        }
        assertTrue(Files.exists(temp.resolve("settings.properties")));
    }
}
