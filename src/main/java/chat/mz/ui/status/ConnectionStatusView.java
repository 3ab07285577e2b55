package chat.mz.ui.status;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

/**
 * The status bar along the bottom of the main window: a coloured dot and the connection text on the
 * left, the homeserver's address on the right. The dot's colour comes from a pseudo-class named after
 * the {@link StatusTone} ({@code :success}, {@code :warning}, ...), styled in {@code app.css}.
 */
public final class ConnectionStatusView extends HBox {
    /** Often enough that the seconds never visibly lag; the text only changes once a second. */
    private static final Duration TICK = Duration.millis(250);

    private final ConnectionStatusViewModel viewModel;
    private final Timeline countdown;

    public ConnectionStatusView(ConnectionStatusViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("status-bar");
        setId("statusBar");
        setAlignment(Pos.CENTER_LEFT);

        Circle dot = new Circle(4);
        dot.setId("connectionDot");
        dot.getStyleClass().add("status-dot");

        Label status = new Label();
        status.setId("connectionStatus");
        status.getStyleClass().add(Styles.TEXT_SMALL);
        status.textProperty().bind(viewModel.textProperty());
        status.setMinWidth(Region.USE_PREF_SIZE);

        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(viewModel.detailProperty());
        // an empty tooltip would pop up as a blank box
        viewModel.detailProperty().addListener((obs, old, text) ->
                status.setTooltip(text == null || text.isEmpty() ? null : tooltip));

        HBox left = new HBox(8, dot, status);
        left.setAlignment(Pos.CENTER_LEFT);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label homeserver = new Label();
        homeserver.setId("homeserverAddress");
        homeserver.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        homeserver.textProperty().bind(viewModel.homeserverProperty());
        homeserver.setMinWidth(0);

        getChildren().addAll(left, spacer, homeserver);

        showTone(dot, status, viewModel.toneProperty().get());
        viewModel.toneProperty().addListener((obs, old, tone) -> showTone(dot, status, tone));

        countdown = new Timeline(new KeyFrame(TICK, event -> viewModel.tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        viewModel.countingDownProperty().addListener((obs, was, counting) -> {
            if (counting) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });
    }

    /** Stops the countdown timer; call when the window goes away. */
    public void dispose() {
        countdown.stop();
    }

    private static void showTone(Circle dot, Label status, StatusTone tone) {
        for (StatusTone each : StatusTone.values()) {
            dot.pseudoClassStateChanged(pseudoClass(each), each == tone);
        }
        // only a failure that needs the user is worth colouring the words too
        status.pseudoClassStateChanged(Styles.STATE_DANGER, tone == StatusTone.DANGER);
    }

    static PseudoClass pseudoClass(StatusTone tone) {
        return PseudoClass.getPseudoClass(tone.name().toLowerCase(Locale.ROOT));
    }
}
