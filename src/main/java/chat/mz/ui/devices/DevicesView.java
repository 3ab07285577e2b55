package chat.mz.ui.devices;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Devices section, for the main window's content area: a header with Refresh, a security or error
 * banner when there is one, the confirmation naming the device about to be revoked, and a card per
 * device (name, "This device" or Revoke, platform, linked on, fingerprint, status, last seen).
 *
 * <p>Everything is reachable with Tab; the confirmation takes the focus on its Cancel button, so
 * Enter there never revokes by accident, and Escape cancels.
 */
public final class DevicesView extends VBox {
    private final DevicesViewModel viewModel;
    private final Runnable linkDevice;
    private final Runnable changePassphrase;
    private final VBox list = new VBox(10);

    /**
     * Builds the view and starts loading the list; call on the JavaFX thread.
     *
     * @param viewModel what to show
     */
    public DevicesView(DevicesViewModel viewModel) {
        this(viewModel, null);
    }

    /**
     * Builds the view with a "Link a device" button (on the authorized device); call on the JavaFX thread.
     *
     * @param viewModel  what to show
     * @param linkDevice opens the link dialog; null hides the button
     */
    public DevicesView(DevicesViewModel viewModel, Runnable linkDevice) {
        this(viewModel, linkDevice, null);
    }

    /**
     * Builds the view with "Link a device" and "Change passphrase…" buttons; call on the JavaFX thread.
     *
     * @param viewModel        what to show
     * @param linkDevice       opens the link dialog; null hides the button
     * @param changePassphrase opens the dialog that changes this device's passphrase; null hides the button
     */
    public DevicesView(DevicesViewModel viewModel, Runnable linkDevice, Runnable changePassphrase) {
        this.viewModel = viewModel;
        this.linkDevice = linkDevice;
        this.changePassphrase = changePassphrase;
        getStyleClass().add("devices-view");
        setId("devicesView");
        setSpacing(12);
        setPadding(new Insets(24));

        getChildren().addAll(header(), banner(), notice(), confirmation(), hint(), scroller());

        viewModel.rows().addListener((ListChangeListener<DeviceRow>) change -> rebuildRows());
        viewModel.pendingRevokeProperty().addListener((obs, old, row) -> rebuildRows());
        viewModel.revokingProperty().addListener((obs, was, now) -> rebuildRows());
        viewModel.errorProperty().addListener((obs, old, now) -> rebuildRows());
        viewModel.loadingProperty().addListener((obs, was, now) -> rebuildRows());
        rebuildRows();
        viewModel.refresh();
    }

    private HBox header() {
        Label title = new Label("Devices");
        title.setId("devicesTitle");
        title.getStyleClass().addAll(Styles.TITLE_3);
        title.setAccessibleRole(AccessibleRole.TEXT);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("devicesLoading");
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(viewModel.loadingProperty().or(viewModel.revokingProperty()));
        spinner.managedProperty().bind(spinner.visibleProperty());
        spinner.setAccessibleText(DevicesViewModel.LOADING_TEXT);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Button refresh = new Button("Refresh");
        refresh.setId("refreshDevices");
        refresh.setAccessibleText("Refresh the device list");
        refresh.disableProperty().bind(viewModel.loadingProperty().or(viewModel.revokingProperty()));
        refresh.setOnAction(event -> viewModel.refresh());

        HBox header = new HBox(10, title, spinner, spacer, refresh);
        if (changePassphrase != null) {
            Button change = new Button("Change passphrase…");
            change.setId("changePassphraseButton");
            change.setMnemonicParsing(false);
            change.setAccessibleText("Change the passphrase that unlocks this device");
            change.setOnAction(event -> changePassphrase.run());
            header.getChildren().add(change);
        }
        if (linkDevice != null) {
            Button link = new Button("Link a device");
            link.setId("linkDeviceButton");
            link.getStyleClass().add(Styles.ACCENT);
            link.setAccessibleText("Link a phone or another computer to this account");
            link.setOnAction(event -> linkDevice.run());
            header.getChildren().add(link);
        }
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private VBox banner() {
        Label heading = new Label();
        heading.setId("devicesErrorTitle");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        heading.textProperty().bind(Bindings.when(viewModel.securityWarningProperty())
                .then("Security warning").otherwise("Something went wrong"));

        Label text = new Label();
        text.setId("devicesError");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.textProperty().bind(viewModel.errorProperty());

        VBox banner = new VBox(4, heading, text);
        banner.setId("devicesErrorBanner");
        banner.setAccessibleRole(AccessibleRole.TEXT);
        banner.accessibleTextProperty().bind(Bindings.concat(heading.textProperty(), ": ", text.textProperty()));
        banner.setPadding(new Insets(12));
        banner.styleProperty().bind(Bindings.when(viewModel.securityWarningProperty())
                .then("-fx-background-color: -color-danger-muted; -fx-border-color: -color-danger-emphasis;"
                        + " -fx-border-width: 0 0 0 4; -fx-background-radius: 6;")
                .otherwise("-fx-background-color: -color-warning-muted; -fx-border-color: -color-warning-emphasis;"
                        + " -fx-border-width: 0 0 0 4; -fx-background-radius: 6;"));
        banner.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Label notice() {
        Label notice = new Label();
        notice.setId("devicesNotice");
        notice.setWrapText(true);
        notice.getStyleClass().add(Styles.SUCCESS);
        notice.textProperty().bind(viewModel.noticeProperty());
        notice.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        return notice;
    }

    private VBox confirmation() {
        Label question = new Label();
        question.setId("revokeQuestion");
        question.setWrapText(true);
        // a wrapped label in a box shown later is otherwise cut to one line
        question.setMinHeight(Region.USE_PREF_SIZE);
        question.setMaxWidth(Double.MAX_VALUE);
        question.getStyleClass().add(Styles.TEXT_BOLD);
        question.textProperty().bind(viewModel.confirmationProperty());

        Button confirm = new Button("Revoke");
        confirm.setId("confirmRevoke");
        confirm.getStyleClass().add(Styles.DANGER);
        confirm.accessibleTextProperty().bind(Bindings.concat("Confirm: ", viewModel.confirmationProperty()));
        confirm.disableProperty().bind(viewModel.revokingProperty());
        confirm.setOnAction(event -> viewModel.confirmRevoke());

        Button cancel = new Button("Cancel");
        cancel.setId("cancelRevoke");
        cancel.setAccessibleText("Cancel: keep the device");
        cancel.disableProperty().bind(viewModel.revokingProperty());
        cancel.setOnAction(event -> viewModel.cancelRevoke());

        HBox buttons = new HBox(8, confirm, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(10, question, buttons);
        box.setId("revokeConfirmation");
        box.setAccessibleRole(AccessibleRole.TEXT);
        box.accessibleTextProperty().bind(viewModel.confirmationProperty());
        box.setPadding(new Insets(14));
        box.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-danger-emphasis;"
                + " -fx-border-radius: 6; -fx-background-radius: 6;");
        box.visibleProperty().bind(viewModel.pendingRevokeProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        // Escape cancels only while there is something to cancel; otherwise the rest of the window keeps it
        cancel.cancelButtonProperty().bind(box.visibleProperty());
        // the safe choice gets the focus, so Enter never revokes by accident
        viewModel.pendingRevokeProperty().addListener((obs, old, row) -> {
            if (row != null) {
                Platform.runLater(cancel::requestFocus);
            }
        });
        return box;
    }

    private Label hint() {
        Label hint = new Label(viewModel.revokeHint());
        hint.setId("devicesHint");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.setVisible(!viewModel.revokeHint().isEmpty());
        hint.setManaged(hint.isVisible());
        return hint;
    }

    private ScrollPane scroller() {
        list.setId("deviceList");
        list.setFillWidth(true);
        ScrollPane scroller = new ScrollPane(list);
        scroller.setFitToWidth(true);
        scroller.setFocusTraversable(false);
        scroller.setStyle("-fx-background-color: transparent; -fx-background: transparent;");
        VBox.setVgrow(scroller, Priority.ALWAYS);
        return scroller;
    }

    private void rebuildRows() {
        list.getChildren().setAll(viewModel.rows().stream().map(this::card).toList());
        if (viewModel.rows().isEmpty() && !viewModel.loadingProperty().get()
                && viewModel.errorProperty().get().isEmpty()) {
            Label empty = new Label("No devices to show.");
            empty.setId("noDevices");
            empty.getStyleClass().add(Styles.TEXT_MUTED);
            list.getChildren().add(empty);
        }
    }

    private VBox card(DeviceRow row) {
        Label name = new Label(row.name());
        name.getStyleClass().addAll("device-name", Styles.TEXT_BOLD);

        HBox top = new HBox(10, name);
        top.setAlignment(Pos.CENTER_LEFT);
        if (row.thisDevice()) {
            Label self = new Label("This device");
            self.getStyleClass().addAll("this-device", Styles.TEXT_SMALL, Styles.ACCENT);
            self.setStyle("-fx-background-color: -color-accent-subtle; -fx-padding: 2 8 2 8;"
                    + " -fx-background-radius: 10;");
            top.getChildren().add(self);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        top.getChildren().add(spacer);
        if (row.revocable()) {
            Button revoke = new Button("Revoke…");
            revoke.setId("revoke-" + row.deviceId());
            revoke.getStyleClass().addAll("revoke-device", Styles.DANGER, Styles.FLAT);
            revoke.setAccessibleText("Revoke " + row.name());
            revoke.setMnemonicParsing(false);
            revoke.setDisable(viewModel.revokingProperty().get() || viewModel.pendingRevokeProperty().get() != null);
            revoke.setOnAction(event -> viewModel.revoke(row));
            top.getChildren().add(revoke);
        }

        StringBuilder details = new StringBuilder();
        append(details, row.platform());
        append(details, row.linkedOn());
        if (!row.fingerprint().isEmpty()) {
            append(details, "Fingerprint " + row.fingerprint());
        }
        Label detail = new Label(details.toString());
        detail.getStyleClass().addAll("device-details", Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        detail.setWrapText(true);

        Label status = new Label(row.statusText());
        status.getStyleClass().addAll("device-status", Styles.TEXT_SMALL);
        if (row.revoked() || row.status() == DeviceRecord.Status.EXPIRED) {
            status.getStyleClass().add(Styles.DANGER);
        } else if (row.status() == DeviceRecord.Status.ACTIVE) {
            status.getStyleClass().add(Styles.SUCCESS);
        }

        HBox standing = new HBox(8, status);
        standing.setAlignment(Pos.CENTER_LEFT);
        if (!row.lastSeen().isEmpty()) {
            Label lastSeen = new Label(row.lastSeen());
            lastSeen.getStyleClass().addAll("device-last-seen", Styles.TEXT_SMALL,
                    row.online() ? Styles.SUCCESS : Styles.TEXT_MUTED);
            Label separator = new Label("·");
            separator.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            standing.getChildren().addAll(separator, lastSeen);
        }

        VBox card = new VBox(4, top, detail, standing);
        card.setId("device-" + row.deviceId());
        card.getStyleClass().add("device-row");
        card.setUserData(row);
        card.setPadding(new Insets(12, 14, 12, 14));
        card.setStyle("-fx-background-color: -color-bg-default; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 6; -fx-background-radius: 6;");
        card.setAccessibleRole(AccessibleRole.TEXT);
        card.setAccessibleText(row.name() + (row.thisDevice() ? ", this device" : "") + ". " + details + ". "
                + row.statusText() + (row.lastSeen().isEmpty() ? "" : ". " + row.lastSeen()));
        if (row.revoked()) {
            card.setOpacity(0.7);
        }
        return card;
    }

    private static void append(StringBuilder text, String part) {
        if (part == null || part.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append(" · ");
        }
        text.append(part);
    }
}
