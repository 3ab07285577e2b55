package chat.mz.client.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the app keeps its settings, data and logs: the operating system's usual places (XDG on
 * Linux, %APPDATA% on Windows, ~/Library on macOS), or all under one folder given by {@code --home}
 * or {@code MZCHAT_HOME}, or single folders named by the system properties an installer's launcher
 * sets ({@link #CONFIG_DIR_PROPERTY}, {@link #DATA_DIR_PROPERTY}, {@link #LOG_DIR_PROPERTY}).
 */
public record AppPaths(Path config, Path data, Path logs) {
    public static final String APP_NAME = "mzchat";
    public static final String HOME_VARIABLE = "MZCHAT_HOME";
    /** The settings folder, as an installer's launcher names it: may start with {@code ~} or hold {@code %NAME%}. */
    public static final String CONFIG_DIR_PROPERTY = "mzchat.config.dir";
    /** The data folder (keystore, history), named like {@link #CONFIG_DIR_PROPERTY}. */
    public static final String DATA_DIR_PROPERTY = "mzchat.data.dir";
    /** The log folder, named like {@link #CONFIG_DIR_PROPERTY}. */
    public static final String LOG_DIR_PROPERTY = "mzchat.log.dir";

    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("%([A-Za-z_][A-Za-z0-9_]*)%");

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
        return resolve(home, env, Map.of(), osName, userHome);
    }

    /**
     * The paths for this run: {@code home} if given, else {@code MZCHAT_HOME}, else each folder from
     * its system property in {@code properties} if set there, else the system's places for the
     * current user. A property's leading {@code ~} is {@code userHome} and {@code %NAME%} is that
     * variable from {@code env}, because an installer's launcher passes them on unexpanded; a
     * property naming a variable that is not set, or a relative folder, is ignored rather than
     * creating odd folders under the working directory.
     */
    public static AppPaths resolve(Path home, Map<String, String> env, Map<String, String> properties, String osName,
                                   Path userHome) {
        if (home != null) {
            return under(home);
        }
        String fromEnv = env.get(HOME_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return under(Path.of(fromEnv));
        }
        AppPaths system = systemPlaces(env, osName, userHome);
        return new AppPaths(
                fromProperty(properties, CONFIG_DIR_PROPERTY, env, userHome).orElse(system.config()),
                fromProperty(properties, DATA_DIR_PROPERTY, env, userHome).orElse(system.data()),
                fromProperty(properties, LOG_DIR_PROPERTY, env, userHome).orElse(system.logs()));
    }

    /** The paths of this process, from its environment and system properties. */
    public static AppPaths forCurrentUser(Path home) {
        return resolve(home, System.getenv(), folderProperties(), System.getProperty("os.name", ""),
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

    private static AppPaths systemPlaces(Map<String, String> env, String osName, Path userHome) {
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

    private static Map<String, String> folderProperties() {
        Map<String, String> set = new HashMap<>();
        for (String name : new String[] {CONFIG_DIR_PROPERTY, DATA_DIR_PROPERTY, LOG_DIR_PROPERTY}) {
            String value = System.getProperty(name);
            if (value != null) {
                set.put(name, value);
            }
        }
        return set;
    }

    private static Optional<Path> fromProperty(Map<String, String> properties, String name, Map<String, String> env,
                                               Path userHome) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return expand(value.strip(), env, userHome).map(Path::of).filter(Path::isAbsolute).map(Path::normalize);
    }

    /** {@code ~} at the start and every {@code %NAME%}; empty when a named variable is not set. */
    static Optional<String> expand(String value, Map<String, String> env, Path userHome) {
        String text = value;
        if (text.equals("~") || text.startsWith("~/") || text.startsWith("~\\")) {
            text = userHome.toString() + text.substring(1);
        }
        Matcher reference = VARIABLE_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String variable = env.get(reference.group(1));
            if (variable == null || variable.isBlank()) {
                return Optional.empty();
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(variable));
        }
        reference.appendTail(out);
        return Optional.of(out.toString());
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
