/**
 * The Settings section: the look of the app ({@link chat.mz.ui.settings.Themes}: light or dark) and
 * whether new messages raise a notification, shown by {@link chat.mz.ui.settings.SettingsView} from
 * {@link chat.mz.ui.settings.SettingsViewModel}, which keeps them through
 * {@link chat.mz.ui.settings.AppSettings}.
 */
package chat.mz.ui.settings;
