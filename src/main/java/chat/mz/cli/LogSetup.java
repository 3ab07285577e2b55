package chat.mz.cli;

import chat.mz.client.config.AppPaths;
import java.nio.file.Path;

/**
 * Points the logging configuration at the app's log folder. It must run before the first logger is
 * made, which is why the launcher and the commands make none until after it.
 */
public final class LogSetup {
    static final String LOG_DIR_PROPERTY = AppPaths.LOG_DIR_PROPERTY;
    static final String LOG_NAME_PROPERTY = "mzchat.log.name";

    private LogSetup() {
    }

    static void configure(AppPaths paths, String logName) {
        // Always the resolved folder: an installer's launcher may have set this property to "~/..." or
        // "%LOCALAPPDATA%\...", which AppPaths has expanded but logback would take literally.
        System.setProperty(LOG_DIR_PROPERTY, paths.logs().toString());
        System.setProperty(LOG_NAME_PROPERTY, logName);
    }

    /**
     * The file this process logs to (as {@code logback.xml} names it): for the desktop app, the one to
     * point a user to when something went wrong.
     */
    public static Path logFile(AppPaths paths) {
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        Path folder = dir != null ? Path.of(dir) : paths.logs();
        return folder.resolve(System.getProperty(LOG_NAME_PROPERTY, "mzchat") + ".log");
    }
}
