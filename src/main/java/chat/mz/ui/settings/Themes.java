package chat.mz.ui.settings;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import chat.mz.client.config.Settings.Theme;
import javafx.application.Application;

/**
 * The AtlantaFX theme for each of the app's themes. The theme is the user-agent stylesheet, which is
 * the whole application's: setting it restyles every open window at once, dialogs included. The
 * app's own CSS uses the theme's looked-up colours ({@code -color-bg-default} and so on), so it
 * follows.
 */
public final class Themes {
    private Themes() {
    }

    /** The user-agent stylesheet of {@code theme}. */
    public static String stylesheet(Theme theme) {
        return switch (theme) {
            case LIGHT -> new PrimerLight().getUserAgentStylesheet();
            case DARK -> new PrimerDark().getUserAgentStylesheet();
        };
    }

    /** Restyles the whole app in {@code theme}; call on the JavaFX thread. */
    public static void apply(Theme theme) {
        Application.setUserAgentStylesheet(stylesheet(theme));
    }
}
