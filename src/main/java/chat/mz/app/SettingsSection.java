package chat.mz.app;

import chat.mz.client.config.Settings;
import chat.mz.ui.account.ChangePassphraseDialog;
import chat.mz.ui.account.ChangePassphraseViewModel;
import chat.mz.ui.main.MainWindow;
import chat.mz.ui.main.Section;
import chat.mz.ui.settings.AppSettings;
import chat.mz.ui.settings.SettingsView;
import chat.mz.ui.settings.SettingsViewModel;
import chat.mz.ui.settings.Themes;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Puts the Settings section into the main window: the theme, applied to every window at once, the
 * notification switch, and "Change passphrase…", all kept through {@link DesktopServices}.
 */
final class SettingsSection {
    private SettingsSection() {
    }

    /** Call on the JavaFX thread, once the main view shows. */
    static void install(MainWindow window, DesktopServices services, Executor uiThread) {
        AppSettings settings = new AppSettings() {
            @Override
            public Settings current() {
                return services.settings();
            }

            @Override
            public void change(UnaryOperator<Settings> change) {
                services.changeSettings(change);
            }
        };
        Runnable changePassphrase = services.unlockedIdentity().isEmpty() ? null
                : () -> ChangePassphraseDialog.show(window.window(),
                        new ChangePassphraseViewModel(services::changePassphrase, uiThread));
        window.setSectionContent(Section.SETTINGS,
                new SettingsView(new SettingsViewModel(settings, Themes::apply), changePassphrase));
    }
}
