package chat.mz.cli;

import chat.mz.client.config.AppPaths;

/**
 * Points the logging configuration at the app's log folder. It must run before the first logger is
 * made, which is why the launcher and the commands make none until after it.
 */
final class LogSetup {
    static final String LOG_DIR_PROPERTY = "mzchat.log.dir";
    static final String LOG_NAME_PROPERTY = "mzchat.log.name";

    private LogSetup() {
    }

    static void configure(AppPaths paths, String logName) {
        // An installer's launcher may already have chosen the folder (jpackage --java-options).
        if (System.getProperty(LOG_DIR_PROPERTY) == null) {
            System.setProperty(LOG_DIR_PROPERTY, paths.logs().toString());
        }
        System.setProperty(LOG_NAME_PROPERTY, logName);
    }
}
