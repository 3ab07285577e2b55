package chat.mz.ui.settings;

import chat.mz.client.config.Settings;
import java.util.function.UnaryOperator;

/** Where the Settings section reads the settings and keeps a change; the app saves it to its file. */
public interface AppSettings {
    /** The settings as they are now. */
    Settings current();

    /** Applies {@code change} at once; saving it must not hold up the caller (the UI thread). */
    void change(UnaryOperator<Settings> change);
}
