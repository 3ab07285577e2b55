package chat.mz.ui.link;

import atlantafx.base.theme.Styles;
import chat.mz.client.qr.QrCode;
import java.util.Arrays;
import java.util.Objects;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The "Link a device" dialog's content, drawn from a {@link LinkDeviceViewModel}: the QR code (whole
 * device pixels per module, so it stays crisp on any screen), "Copy link", the countdown and "New
 * code"; then the device that answered with its check code and Approve / Deny; then the outcome,
 * and, once linked, how the message history offered to the new device is getting on.
 *
 * <p>Esc closes. No button is the default: Enter only presses the button that has the focus, so a
 * stray Enter never approves a device.
 */
public final class LinkDeviceView extends VBox {
    static final String CHECK_HINT = "Check that your other device shows the same code.";
    static final String SCAN_HINT = "On the new device, choose to link it to an existing account, then scan "
            + "this code or paste the link.";
    static final String KEEPS_GOING = "You can close this window: sending goes on in the background.";
    /** Often enough that the seconds never visibly lag. */
    private static final Duration TICK = Duration.millis(250);

    private final LinkDeviceViewModel viewModel;
    private final VBox content = new VBox(14);
    private final ImageView qrView = new ImageView();
    private final Button close = new Button("Close");
    private final Timeline countdown;
    private final ChangeListener<Number> scaleListener = (obs, old, scale) -> renderQr();
    private final Label historyMessage = paragraph("");
    private final ProgressBar historyBar = new ProgressBar();
    private final Label historyCount = new Label();
    private final Label historyHint = paragraph(KEEPS_GOING);
    private final VBox historyBox = new VBox(6, historyMessage, historyBar, historyCount, historyHint);
    private Window window;

    public LinkDeviceView(LinkDeviceViewModel viewModel) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        setId("linkDevice");
        setSpacing(16);
        setPadding(new Insets(24));
        setPrefWidth(440);
        setMinWidth(Region.USE_PREF_SIZE);

        Label title = new Label("Link a device");
        title.setId("linkTitle");
        title.getStyleClass().add(Styles.TITLE_3);

        qrView.setId("qrCode");
        qrView.setSmooth(false);
        qrView.setPreserveRatio(true);
        qrView.setAccessibleText("QR code for the new device to scan");

        content.setAlignment(Pos.TOP_CENTER);
        VBox.setVgrow(content, Priority.ALWAYS);

        close.setId("close");
        close.setAccessibleText("Close this dialog");
        close.setOnAction(event -> viewModel.close());
        HBox footer = new HBox(close);
        footer.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(title, content, footer);

        // Esc closes wherever the focus is
        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                viewModel.close();
            }
        });

        countdown = new Timeline(new KeyFrame(TICK, event -> viewModel.tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        viewModel.countingDownProperty().addListener((obs, was, counting) -> {
            if (counting) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });
        if (viewModel.countingDownProperty().get()) {
            countdown.play();
        }

        viewModel.qrCodeProperty().addListener((obs, old, code) -> renderQr());
        sceneProperty().addListener((obs, old, scene) -> followWindow(scene));
        followWindow(getScene());

        historyMessage.setId("historyMessage");
        historyBar.setId("historyProgress");
        historyBar.setMaxWidth(Double.MAX_VALUE);
        historyCount.setId("historyCount");
        historyCount.getStyleClass().add(Styles.TEXT_MUTED);
        historyHint.setId("historyHint");
        historyHint.getStyleClass().add(Styles.TEXT_MUTED);
        historyBox.setId("history");
        historyBox.setPadding(new Insets(8, 0, 0, 0));
        showHistory(viewModel.historyProperty().get());
        viewModel.historyProperty().addListener((obs, old, sending) -> showHistory(sending));

        show(viewModel.stateProperty().get());
        viewModel.stateProperty().addListener((obs, old, state) -> show(state));
    }

    /** Stops the countdown timer; call when the dialog goes away. */
    public void dispose() {
        countdown.stop();
        if (window != null) {
            window.outputScaleXProperty().removeListener(scaleListener);
        }
    }

    private void show(LinkDeviceState state) {
        Node shown;
        if (state instanceof LinkDeviceState.ShowingCode) {
            shown = code();
        } else if (state instanceof LinkDeviceState.DeviceFound found) {
            shown = deviceFound(found);
        } else if (state instanceof LinkDeviceState.Linking linking) {
            shown = busy("Linking “" + linking.name() + "”…");
        } else if (state instanceof LinkDeviceState.Linked linked) {
            shown = linked(linked);
        } else if (state instanceof LinkDeviceState.Failed failed) {
            shown = failed(failed);
        } else {
            shown = busy("Creating a link…");
        }
        content.getChildren().setAll(shown);
        close.setText(state instanceof LinkDeviceState.Linked ? "Done" : "Close");
        if (state instanceof LinkDeviceState.DeviceFound) {
            // the safe answer takes the focus; approving takes a deliberate click or Tab
            content.lookup("#deny").requestFocus();
        }
    }

    private Node code() {
        Label hint = paragraph(SCAN_HINT);
        hint.setId("scanHint");

        Label expires = new Label();
        expires.setId("countdown");
        expires.textProperty().bind(viewModel.countdownProperty());
        expires.getStyleClass().add(Styles.TEXT_MUTED);

        Button copy = button("Copy link", "copyLink", "Copy the device link to the clipboard");
        copy.setOnAction(event -> {
            ClipboardContent link = new ClipboardContent();
            link.putString(viewModel.urlProperty().get());
            Clipboard.getSystemClipboard().setContent(link);
            copy.setText("Copied");
        });
        Button renew = button("New code", "newCode", "Cancel this code and show a new one");
        renew.setOnAction(event -> viewModel.newCode());
        HBox actions = new HBox(8, copy, renew);
        actions.setAlignment(Pos.CENTER);

        VBox box = new VBox(12, hint, qrView, expires, actions);
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    private Node deviceFound(LinkDeviceState.DeviceFound found) {
        Label heading = new Label("Device found");
        heading.setId("deviceFoundTitle");
        heading.getStyleClass().add(Styles.TITLE_4);

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(6);
        facts.addRow(0, muted("Name"), value(found.name(), "deviceName"));
        facts.addRow(1, muted("Platform"), value(found.platform(), "devicePlatform"));
        facts.addRow(2, muted("Key fingerprint"), fingerprint(found.fingerprint()));

        Label code = new Label(found.checkCode());
        code.setId("checkCode");
        code.getStyleClass().add(Styles.TITLE_1);
        code.setStyle("-fx-font-family: monospace; -fx-font-size: 36px;");
        code.setAccessibleText("Check code " + found.checkCode());
        Label hint = paragraph(CHECK_HINT);
        hint.setId("checkHint");

        Label expires = new Label();
        expires.setId("countdown");
        expires.textProperty().bind(viewModel.countdownProperty());
        expires.getStyleClass().add(Styles.TEXT_MUTED);

        Button deny = button("Deny", "deny", "Deny linking " + found.name());
        deny.getStyleClass().add(Styles.DANGER);
        deny.setOnAction(event -> viewModel.deny());
        Button approve = button("Approve", "approve", "Approve linking " + found.name()
                + " after checking the code " + found.checkCode());
        approve.getStyleClass().add(Styles.SUCCESS);
        approve.setOnAction(event -> viewModel.approve());
        HBox actions = new HBox(8, deny, approve);
        actions.setAlignment(Pos.CENTER);

        VBox box = new VBox(12, heading, facts, code, hint, expires, actions);
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    private Node linked(LinkDeviceState.Linked linked) {
        Label heading = new Label("Linked");
        heading.setId("linkedTitle");
        heading.getStyleClass().addAll(Styles.TITLE_4, Styles.SUCCESS);
        Label message = paragraph("“" + linked.name() + "” is linked to your account and can now sign in.");
        message.setId("linkedMessage");
        VBox box = new VBox(12, heading, message, historyBox);
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    /** The history sent to the new device: the sentence, and while it goes, the bar and the count. */
    private void showHistory(HistorySending sending) {
        boolean any = sending != null;
        historyBox.setVisible(any);
        historyBox.setManaged(any);
        if (!any) {
            return;
        }
        boolean going = sending.outcome() == HistorySending.Outcome.SENDING;
        historyMessage.setText(sending.message());
        historyMessage.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (sending.outcome() == HistorySending.Outcome.DONE) {
            historyMessage.getStyleClass().add(Styles.SUCCESS);
        } else if (sending.outcome() == HistorySending.Outcome.FAILED) {
            historyMessage.getStyleClass().add(Styles.DANGER);
        }
        historyBar.setProgress(going ? sending.progress() : 0);
        historyBar.setAccessibleText(sending.count().isEmpty() ? sending.message()
                : sending.message() + " " + sending.count());
        historyCount.setText(sending.count());
        for (Node shown : new Node[] {historyBar, historyHint}) {
            shown.setVisible(going);
            shown.setManaged(going);
        }
        historyCount.setVisible(going && !sending.count().isEmpty());
        historyCount.setManaged(historyCount.isVisible());
    }

    private Node failed(LinkDeviceState.Failed failed) {
        Label heading = new Label("Not linked");
        heading.setId("failedTitle");
        heading.getStyleClass().addAll(Styles.TITLE_4, Styles.DANGER);
        Label message = paragraph(failed.message());
        message.setId("failureMessage");
        Button renew = button("New code", "newCode", "Start again with a new code");
        renew.setOnAction(event -> viewModel.newCode());
        VBox box = new VBox(12, heading, message, renew);
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    private static Node busy(String text) {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(32, 32);
        Label label = new Label(text);
        label.setId("progressMessage");
        VBox box = new VBox(12, progress, label);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(24, 0, 24, 0));
        return box;
    }

    /**
     * The fingerprint's groups on two lines, half on each ({@code 3F2A 9C1B 77D0 E4A5} over
     * {@code 0B6C 12F9 8E3D A047}): the full eight groups are too wide for one line beside their
     * label, and two fixed lines keep the groups whole and the height known, where wrapping would
     * break them wherever the font's width happened to fall.
     */
    static String fingerprintLines(String fingerprint) {
        String[] groups = fingerprint.trim().split("\\s+");
        if (groups.length < 2) {
            return fingerprint.trim();
        }
        int firstLine = (groups.length + 1) / 2;
        return String.join(" ", Arrays.copyOfRange(groups, 0, firstLine)) + "\n"
                + String.join(" ", Arrays.copyOfRange(groups, firstLine, groups.length));
    }

    /** The fingerprint in monospace so its groups line up, at its full size: it never wraps or clips. */
    private static Label fingerprint(String fingerprint) {
        Label label = new Label(fingerprintLines(fingerprint));
        label.setId("deviceFingerprint");
        label.setStyle("-fx-font-family: monospace;");
        label.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        label.setAccessibleText("Key fingerprint " + fingerprint);
        return label;
    }

    private static Button button(String text, String id, String accessibleText) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setAccessibleText(accessibleText);
        // Enter presses only the focused button; none is the default
        button.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && button.isFocused()) {
                event.consume();
                button.fire();
            }
        });
        return button;
    }

    private static Label paragraph(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label value(String text, String id) {
        Label label = new Label(text);
        label.setId(id);
        label.setWrapText(true);
        return label;
    }

    private void followWindow(Scene scene) {
        if (window != null) {
            window.outputScaleXProperty().removeListener(scaleListener);
            window = null;
        }
        if (scene != null) {
            scene.windowProperty().addListener((obs, old, now) -> {
                if (old != null) {
                    old.outputScaleXProperty().removeListener(scaleListener);
                }
                window = now;
                if (now != null) {
                    now.outputScaleXProperty().addListener(scaleListener);
                }
                renderQr();
            });
            window = scene.getWindow();
            if (window != null) {
                window.outputScaleXProperty().addListener(scaleListener);
            }
        }
        renderQr();
    }

    private double outputScale() {
        return window != null ? window.getOutputScaleX() : Screen.getPrimary().getOutputScaleX();
    }

    /** Draws the code at whole device pixels per module; shown at its size in layout units. */
    private void renderQr() {
        QrCode code = viewModel.qrCodeProperty().get();
        if (code == null) {
            qrView.setImage(null);
            return;
        }
        double scale = outputScale();
        int pixels = QrImages.pixelsPerModule(code.size(), scale);
        WritableImage image = QrImages.render(code, pixels);
        qrView.setImage(image);
        qrView.setFitWidth(image.getWidth() / scale);
        qrView.setFitHeight(image.getHeight() / scale);
    }
}
