package chat.mz.ui.settings;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import chat.mz.client.config.Settings.Theme;
import chat.mz.ui.Switches;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Settings section: Appearance (Light or Dark), Notifications (one switch) and, when the app
 * offers it, Security ("Change passphrase…"). Everything is reached with Tab; the arrow keys move
 * between Light and Dark, and Space turns the switch on or off.
 */
public final class SettingsView extends ScrollPane {

    /**
     * @param changePassphrase opens the Change passphrase dialog; null leaves Security out
     */
    public SettingsView(SettingsViewModel viewModel, Runnable changePassphrase) {
        getStyleClass().addAll("settings-view", Tweaks.EDGE_TO_EDGE);
        setId("settingsView");
        setFitToWidth(true);

        VBox content = new VBox(8, heading("Appearance"), themeChoice(viewModel), heading("Notifications"),
                notificationSwitch(viewModel));
        if (changePassphrase != null) {
            Button change = new Button("Change passphrase…");
            change.setId("settingsChangePassphrase");
            change.setAccessibleText("Change the passphrase that unlocks this device");
            change.setTooltip(new Tooltip("Change the passphrase that unlocks mzchat on this computer"));
            change.setOnAction(event -> changePassphrase.run());
            content.getChildren().addAll(heading("Security"), change);
        }
        content.getStyleClass().add("settings-content");
        setContent(content);
    }

    private static Label heading(String text) {
        Label heading = new Label(text);
        heading.getStyleClass().addAll(Styles.TITLE_4, "settings-heading");
        heading.setAccessibleRole(AccessibleRole.TEXT);
        return heading;
    }

    private static HBox themeChoice(SettingsViewModel viewModel) {
        ToggleGroup group = new ToggleGroup();
        RadioButton light = themeButton("Light", "themeLight", Theme.LIGHT, group);
        RadioButton dark = themeButton("Dark", "themeDark", Theme.DARK, group);
        group.selectToggle(viewModel.themeProperty().get() == Theme.DARK ? dark : light);
        group.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle != null) {
                viewModel.themeProperty().set((Theme) toggle.getUserData());
            }
        });
        viewModel.themeProperty().addListener((obs, old, theme) -> group.selectToggle(theme == Theme.DARK ? dark
                : light));
        HBox choice = new HBox(16, light, dark);
        choice.setAlignment(Pos.CENTER_LEFT);
        choice.setAccessibleText("Theme");
        return choice;
    }

    private static RadioButton themeButton(String text, String id, Theme theme, ToggleGroup group) {
        RadioButton button = new RadioButton(text);
        button.setId(id);
        button.setUserData(theme);
        button.setToggleGroup(group);
        button.setAccessibleText(text + " theme");
        return button;
    }

    private static ToggleSwitch notificationSwitch(SettingsViewModel viewModel) {
        ToggleSwitch toggle = new ToggleSwitch(SettingsViewModel.NOTIFICATIONS_TEXT);
        toggle.setId("notificationsSwitch");
        toggle.setAccessibleText(SettingsViewModel.NOTIFICATIONS_TEXT);
        toggle.selectedProperty().bindBidirectional(viewModel.notificationsProperty());
        return Switches.keyboardOperable(toggle);
    }
}
