package chat.mz.ui.errors;

import chat.mz.ui.DialogWindows;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * "Something went wrong": the plain explanation, the log file's location as selectable text, "Copy
 * details" and "Close". One is open at a time; problems that come while it is open are counted into
 * its {@link ErrorReportViewModel}. Call on the JavaFX thread.
 */
public final class ErrorDialog {
    private static final double WIDTH = 460;

    private final ErrorReportViewModel viewModel;
    private final Stage stage = new Stage();

    /** Builds the dialog over {@code owner} (null for none); {@link #show()} opens it. */
    public ErrorDialog(ErrorReportViewModel viewModel, Window owner) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        Label title = new Label(viewModel.title());
        title.getStyleClass().add("title-3");
        title.setId("errorTitle");
        Label explanation = new Label(viewModel.explanation());
        explanation.setWrapText(true);
        explanation.setId("errorExplanation");
        Label logCaption = new Label("The log file with what happened:");
        // a text field, read-only, so the path can be selected and copied
        TextField logFile = new TextField(viewModel.logFile());
        logFile.setEditable(false);
        logFile.setId("errorLogFile");
        logFile.setFocusTraversable(true);
        logCaption.setLabelFor(logFile);
        Label count = new Label();
        count.setId("errorCount");
        count.setWrapText(true);
        count.textProperty().bind(viewModel.countTextProperty());
        count.managedProperty().bind(count.textProperty().isNotEmpty());
        count.visibleProperty().bind(count.managedProperty());

        Button copy = new Button("Copy details");
        copy.setId("copyErrorDetails");
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(viewModel.details());
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        Button close = new Button("Close");
        close.setId("closeError");
        close.setDefaultButton(true);
        close.setCancelButton(true);
        close.setOnAction(event -> stage.hide());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, copy, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(12, title, explanation, new VBox(4, logCaption, logFile), count, buttons);
        root.setId("errorDialog");
        root.setPadding(new Insets(20));
        root.setPrefWidth(WIDTH);
        // not modal: the app behind it may still be usable, and errors should not lock it
        DialogWindows.dress(stage, owner, Modality.NONE, viewModel.title(), root);
        // the path field comes first but is there to be read: Close takes the keyboard, Enter or Esc closes
        stage.setOnShown(event -> close.requestFocus());
        // the count line comes and goes: the window fits its content
        viewModel.countTextProperty().addListener((obs, old, now) -> {
            root.applyCss();
            root.layout();
            stage.sizeToScene();
        });
    }

    /** Opens the dialog, or raises it if it is open. */
    public void show() {
        stage.show();
        stage.toFront();
    }

    /** Whether it is on screen: while it is, new problems go into it instead of a new dialog. */
    public boolean isShowing() {
        return stage.isShowing();
    }

    /** Adds a problem to the open dialog. */
    public void report(String thread, Throwable error) {
        viewModel.report(thread, error);
    }

    /** Closes it. */
    public void close() {
        stage.hide();
    }
}
