package chat.mz.client.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the app keeps its settings, data and logs: the operating system's usual places (XDG on
 * Linux, %APPDATA% on Windows, ~/Library on macOS), or all under one folder given by {@code --home}
 * or {@code MZCHAT_HOME}.
 */
public record AppPaths(Path config, Path data, Path logs) {
    public static final String APP_NAME = "mzchat";
    public static final String HOME_VARIABLE = "MZCHAT_HOME";

    /** Everything under one folder. */
    public static AppPaths under(Path home) {
        Path root = home.toAbsolutePath().normalize();
        return new AppPaths(root.resolve("config"), root.resolve("data"), root.resolve("logs"));
    }

    /**
     * The paths for this run: {@code home} if given, else {@code MZCHAT_HOME}, else the system's
     * places for the current user.
     */
    public static AppPaths resolve(Path home, Map<String, String> env, String osName, Path userHome) {
        if (home != null) {
            return under(home);
        }
        String fromEnv = env.get(HOME_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return under(Path.of(fromEnv));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = dir(env, "APPDATA", userHome.resolve("AppData").resolve("Roaming"));
            Path local = dir(env, "LOCALAPPDATA", userHome.resolve("AppData").resolve("Local"));
            return new AppPaths(roaming.resolve(APP_NAME), roaming.resolve(APP_NAME).resolve("data"),
                    local.resolve(APP_NAME).resolve("logs"));
        }
        if (os.startsWith("mac")) {
            Path support = userHome.resolve("Library").resolve("Application Support").resolve(APP_NAME);
            return new AppPaths(support, support.resolve("data"),
                    userHome.resolve("Library").resolve("Logs").resolve(APP_NAME));
        }
        Path config = dir(env, "XDG_CONFIG_HOME", userHome.resolve(".config"));
        Path data = dir(env, "XDG_DATA_HOME", userHome.resolve(".local").resolve("share"));
        Path state = dir(env, "XDG_STATE_HOME", userHome.resolve(".local").resolve("state"));
        return new AppPaths(config.resolve(APP_NAME), data.resolve(APP_NAME), state.resolve(APP_NAME).resolve("logs"));
    }

    /** The paths of this process, from its environment and system properties. */
    public static AppPaths forCurrentUser(Path home) {
        return resolve(home, System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /** Creates the folders that do not exist yet. */
    public AppPaths create() throws IOException {
        Files.createDirectories(config);
        Files.createDirectories(data);
        Files.createDirectories(logs);
        return this;
    }

    public Path settingsFile() {
        return config.resolve("settings.properties");
    }

    private static Path dir(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        // XDG says relative values are invalid and must be ignored
        if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
            return fallback;
        }
        return Path.of(value);
    }
}
