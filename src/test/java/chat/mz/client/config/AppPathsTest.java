package chat.mz.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPathsTest {
    private static final Path USER = Path.of("/home/ada");

    @Test
    void linuxFollowsTheXdgDefaults() {
        AppPaths paths = AppPaths.resolve(null, Map.of(), "Linux", USER);
        assertEquals(Path.of("/home/ada/.config/mzchat"), paths.config());
        assertEquals(Path.of("/home/ada/.local/share/mzchat"), paths.data());
        assertEquals(Path.of("/home/ada/.local/state/mzchat/logs"), paths.logs());
    }

    @Test
    void linuxHonoursXdgVariablesButIgnoresRelativeOnes() {
        AppPaths paths = AppPaths.resolve(null, Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "relative/data",
                "XDG_STATE_HOME", "/state"), "Linux", USER);
        assertEquals(Path.of("/cfg/mzchat"), paths.config());
        assertEquals(Path.of("/home/ada/.local/share/mzchat"), paths.data(), "relative XDG paths are invalid");
        assertEquals(Path.of("/state/mzchat/logs"), paths.logs());
    }

    @Test
    void windowsUsesAppDataAndLocalAppDataForLogs() {
        AppPaths paths = AppPaths.resolve(null, Map.of("APPDATA", "/Users/ada/AppData/Roaming",
                "LOCALAPPDATA", "/Users/ada/AppData/Local"), "Windows 11", USER);
        assertEquals(Path.of("/Users/ada/AppData/Roaming/mzchat"), paths.config());
        assertEquals(Path.of("/Users/ada/AppData/Roaming/mzchat/data"), paths.data());
        assertEquals(Path.of("/Users/ada/AppData/Local/mzchat/logs"), paths.logs());
    }

    @Test
    void macOsUsesApplicationSupportAndLibraryLogs() {
        AppPaths paths = AppPaths.resolve(null, Map.of(), "Mac OS X", USER);
        assertEquals(Path.of("/home/ada/Library/Application Support/mzchat"), paths.config());
        assertEquals(Path.of("/home/ada/Library/Application Support/mzchat/data"), paths.data());
        assertEquals(Path.of("/home/ada/Library/Logs/mzchat"), paths.logs());
    }

    @Test
    void homeOptionWinsOverTheEnvironmentWhichWinsOverTheSystem() {
        Map<String, String> env = Map.of(AppPaths.HOME_VARIABLE, "/srv/mz", "XDG_CONFIG_HOME", "/cfg");
        assertEquals(Path.of("/opt/mz/config"), AppPaths.resolve(Path.of("/opt/mz"), env, "Linux", USER).config());
        AppPaths fromEnv = AppPaths.resolve(null, env, "Windows 10", USER);
        assertEquals(Path.of("/srv/mz/config"), fromEnv.config());
        assertEquals(Path.of("/srv/mz/data"), fromEnv.data());
        assertEquals(Path.of("/srv/mz/logs"), fromEnv.logs());
    }

    @Test
    void installerPropertiesNameFoldersWithTheUsersVariablesExpanded() {
        Map<String, String> env = Map.of("APPDATA", "/Users/ada/AppData/Roaming", "LOCALAPPDATA", "/Users/ada/Local");
        Map<String, String> properties = Map.of(AppPaths.CONFIG_DIR_PROPERTY, "%APPDATA%/mzchat",
                AppPaths.DATA_DIR_PROPERTY, "%APPDATA%/mzchat/data",
                AppPaths.LOG_DIR_PROPERTY, "%LOCALAPPDATA%/mzchat/logs");
        AppPaths paths = AppPaths.resolve(null, env, properties, "Linux", USER);
        assertEquals(Path.of("/Users/ada/AppData/Roaming/mzchat"), paths.config());
        assertEquals(Path.of("/Users/ada/AppData/Roaming/mzchat/data"), paths.data());
        assertEquals(Path.of("/Users/ada/Local/mzchat/logs"), paths.logs());
    }

    @Test
    void aLeadingTildeIsTheUsersHomeAndUnsetPropertiesKeepTheSystemsPlace() {
        AppPaths paths = AppPaths.resolve(null, Map.of(),
                Map.of(AppPaths.LOG_DIR_PROPERTY, "~/Library/Logs/mz chat"), "Mac OS X", USER);
        assertEquals(Path.of("/home/ada/Library/Logs/mz chat"), paths.logs());
        assertEquals(Path.of("/home/ada/Library/Application Support/mzchat"), paths.config());
        assertEquals(Path.of("/home/ada/Library/Application Support/mzchat/data"), paths.data());
    }

    @Test
    void aPropertyNamingAnUnsetVariableOrARelativeFolderIsIgnored() {
        AppPaths paths = AppPaths.resolve(null, Map.of("XDG_STATE_HOME", "/state"),
                Map.of(AppPaths.CONFIG_DIR_PROPERTY, "%NOT_SET%/mzchat", AppPaths.DATA_DIR_PROPERTY, "data",
                        AppPaths.LOG_DIR_PROPERTY, "~user/logs"), "Linux", USER);
        assertEquals(Path.of("/home/ada/.config/mzchat"), paths.config());
        assertEquals(Path.of("/home/ada/.local/share/mzchat"), paths.data());
        assertEquals(Path.of("/state/mzchat/logs"), paths.logs(), "only ~ and ~/ mean the user's home");
    }

    @Test
    void homeOptionAndHomeVariableWinOverInstallerProperties() {
        Map<String, String> properties = Map.of(AppPaths.DATA_DIR_PROPERTY, "/opt/packaged/data");
        assertEquals(Path.of("/opt/mz/data"),
                AppPaths.resolve(Path.of("/opt/mz"), Map.of(), properties, "Linux", USER).data());
        assertEquals(Path.of("/srv/mz/data"),
                AppPaths.resolve(null, Map.of(AppPaths.HOME_VARIABLE, "/srv/mz"), properties, "Linux", USER).data());
        assertEquals(Path.of("/opt/packaged/data"), AppPaths.resolve(null, Map.of(), properties, "Linux", USER).data());
    }

    @Test
    void createMakesEveryFolder(@TempDir Path temp) throws Exception {
        AppPaths paths = AppPaths.under(temp.resolve("home")).create();
        assertTrue(Files.isDirectory(paths.config()));
        assertTrue(Files.isDirectory(paths.data()));
        assertTrue(Files.isDirectory(paths.logs()));
        assertEquals(paths.config().resolve("settings.properties"), paths.settingsFile());
    }
}
