package chat.mz.client.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as a small properties file. A missing or damaged file yields the
 * defaults (and a log line) rather than stopping the app; writes go through a temporary file so a
 * crash never leaves half a file behind.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Settings load() {
        if (!Files.exists(file)) {
            return Settings.defaults();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not read the settings in {}; using the defaults: {}", file, e.getMessage());
            return Settings.defaults();
        }
        return new Settings(uri(properties.getProperty("homeserver")), window(properties), theme(properties),
                !"false".equalsIgnoreCase(properties.getProperty("notifications", "true").trim()));
    }

    public void save(Settings settings) throws IOException {
        Properties properties = new Properties();
        settings.homeserver().ifPresent(uri -> properties.setProperty("homeserver", uri.toString()));
        settings.window().ifPresent(w -> {
            properties.setProperty("window.x", Double.toString(w.x()));
            properties.setProperty("window.y", Double.toString(w.y()));
            properties.setProperty("window.width", Double.toString(w.width()));
            properties.setProperty("window.height", Double.toString(w.height()));
            properties.setProperty("window.maximized", Boolean.toString(w.maximized()));
        });
        properties.setProperty("theme", settings.theme().name().toLowerCase(Locale.ROOT));
        properties.setProperty("notifications", Boolean.toString(settings.notifications()));
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "settings", ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            properties.store(writer, "mzchat settings");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<URI> uri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(value.trim()));
        } catch (java.net.URISyntaxException e) {
            LOG.warn("Ignoring the homeserver setting, which is not an address: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Settings.Theme theme(Properties p) {
        String value = p.getProperty("theme", "").trim().toUpperCase(Locale.ROOT);
        for (Settings.Theme theme : Settings.Theme.values()) {
            if (theme.name().equals(value)) {
                return theme;
            }
        }
        return Settings.defaults().theme();
    }

    private static Optional<Settings.WindowBounds> window(Properties p) {
        try {
            double width = Double.parseDouble(p.getProperty("window.width"));
            double height = Double.parseDouble(p.getProperty("window.height"));
            if (!(width > 0 && height > 0)) {
                return Optional.empty();
            }
            return Optional.of(new Settings.WindowBounds(Double.parseDouble(p.getProperty("window.x")),
                    Double.parseDouble(p.getProperty("window.y")), width, height,
                    Boolean.parseBoolean(p.getProperty("window.maximized"))));
        } catch (NullPointerException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
