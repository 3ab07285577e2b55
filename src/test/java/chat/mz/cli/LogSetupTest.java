package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.client.config.AppPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    private String savedDir;
    private String savedName;

    @BeforeEach
    void save() {
        savedDir = System.getProperty(LogSetup.LOG_DIR_PROPERTY);
        savedName = System.getProperty(LogSetup.LOG_NAME_PROPERTY);
    }

    @AfterEach
    void restore() {
        restore(LogSetup.LOG_DIR_PROPERTY, savedDir);
        restore(LogSetup.LOG_NAME_PROPERTY, savedName);
    }

    @Test
    void anInstallersUnexpandedLogFolderIsReplacedByTheResolvedOne() {
        System.setProperty(LogSetup.LOG_DIR_PROPERTY, "~/.local/state/mzchat/logs");
        AppPaths paths = AppPaths.under(Path.of("/tmp/mz-home"));
        LogSetup.configure(paths, "homeserver");
        assertEquals(Path.of("/tmp/mz-home/logs").toString(), System.getProperty(LogSetup.LOG_DIR_PROPERTY));
        assertEquals("homeserver", System.getProperty(LogSetup.LOG_NAME_PROPERTY));
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
