package chat.mz.ui.chats;

import javafx.css.PseudoClass;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;
import javafx.util.Duration;

/**
 * One row of the timeline: a day separator, a system line centred and muted, or a message bubble,
 * on the right in its own colour for this account's messages, with the sender's name in groups and
 * the delivery state under own messages, and, under this account's messages sent from another of its
 * devices, which one ("Sent from Ada's phone"). Beside the time, a lock marks an end-to-end encrypted
 * message, an open lock with "Not encrypted" a plain one in a conversation whose encryption is on,
 * and a warning sign a message that could not be opened, whose bubble is also set apart in italics
 * and the warning colour.
 */
final class MessageCell extends ListCell<MessageRow> {
    private static final PseudoClass OUTGOING = PseudoClass.getPseudoClass("outgoing");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass ENCRYPTED = PseudoClass.getPseudoClass("encrypted");
    private static final PseudoClass NOT_ENCRYPTED = PseudoClass.getPseudoClass("not-encrypted");
    private static final PseudoClass UNREADABLE = PseudoClass.getPseudoClass("unreadable");
    /** A closed padlock, 12 by 14. */
    private static final String LOCK = "M3 6V4a3 3 0 0 1 6 0v2h1.5v8h-9V6H3zm1.5 0h3V4a1.5 1.5 0 0 0-3 0v2z";
    /** An open padlock, its shackle swung up. */
    private static final String OPEN_LOCK = "M3 6V4a3 3 0 0 1 5.8-1.1l-1.4.6A1.5 1.5 0 0 0 4.5 4v2h6v8h-9V6H3z";
    /** A warning triangle with an exclamation mark. */
    private static final String WARNING = "M6 0l6 12H0L6 0zm-.75 4v4h1.5V4h-1.5zm0 5v1.5h1.5V9h-1.5z";

    private final MessageListViewModel viewModel;
    private final Label sender = new Label();
    private final Label text = new Label();
    private final Label sentFrom = new Label();
    private final Label time = new Label();
    private final Label status = new Label();
    private final SVGPath icon = new SVGPath();
    private final Label mark = new Label(null, icon);
    private final Tooltip markTip = new Tooltip();
    private final VBox bubble;
    private final HBox line;
    private final Label centred = new Label();
    private final HBox centredLine = new HBox(centred);

    MessageCell(ListView<MessageRow> list, MessageListViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("message-cell");
        sender.getStyleClass().add("message-sender");
        text.getStyleClass().add("message-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        sentFrom.getStyleClass().add("message-sent-from");
        sentFrom.setWrapText(true);
        time.getStyleClass().add("message-time");
        status.getStyleClass().add("message-status");
        status.setWrapText(true);
        icon.setFillRule(FillRule.EVEN_ODD);
        icon.getStyleClass().add("message-mark-icon");
        mark.getStyleClass().add("message-mark");
        mark.setAccessibleRole(AccessibleRole.TEXT);
        markTip.setShowDelay(Duration.millis(300));
        mark.setTooltip(markTip);
        HBox footer = new HBox(6, mark, time, status);
        footer.getStyleClass().add("message-footer");
        bubble = new VBox(2, sender, text, sentFrom, footer);
        bubble.getStyleClass().add("message-bubble");
        // long messages wrap at most of the width instead of widening the list
        bubble.maxWidthProperty().bind(list.widthProperty().multiply(0.7));
        line = new HBox(bubble);
        line.getStyleClass().add("message-line");
        centred.setWrapText(true);
        centred.setMinHeight(Region.USE_PREF_SIZE);
        centredLine.getStyleClass().add("message-centred");
        setAccessibleRole(AccessibleRole.TEXT);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(MessageRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        if (empty || row == null) {
            setGraphic(null);
            setId(null);
            setAccessibleText(null);
            pseudoClassStateChanged(HIGHLIGHTED, false);
            return;
        }
        setId("row-" + row.key());
        setAccessibleText(row.accessibleText());
        pseudoClassStateChanged(HIGHLIGHTED, row.key().equals(viewModel.highlightedProperty().get()));
        if (row.kind() != MessageRow.Kind.MESSAGE) {
            centred.setText(row.text());
            centred.getStyleClass().setAll("label", row.kind() == MessageRow.Kind.DAY ? "day-separator"
                    : "system-line");
            centredLine.setAlignment(MessageListView.alignment(row));
            setGraphic(centredLine);
            return;
        }
        sender.setText(row.sender());
        sender.setVisible(!row.sender().isEmpty());
        sender.setManaged(sender.isVisible());
        text.setText(row.text());
        sentFrom.setText(row.sentFrom());
        sentFrom.setVisible(!row.sentFrom().isEmpty());
        sentFrom.setManaged(sentFrom.isVisible());
        time.setText(row.time());
        status.setText(row.status());
        status.setVisible(!row.status().isEmpty());
        status.setManaged(status.isVisible());
        bubble.pseudoClassStateChanged(OUTGOING, row.outgoing());
        status.pseudoClassStateChanged(FAILED, row.failed());
        status.pseudoClassStateChanged(PENDING, row.status().startsWith("Sending"));
        showMark(row.mark());
        line.setAlignment(MessageListView.alignment(row));
        setGraphic(line);
    }

    private void showMark(MessageRow.Mark shown) {
        boolean any = shown != MessageRow.Mark.NONE;
        mark.setVisible(any);
        mark.setManaged(any);
        mark.setAccessibleText(shown.description());
        markTip.setText(shown.description());
        // the lock alone is enough once learnt; "not encrypted" is the exception, so it is also said in words
        mark.setText(shown == MessageRow.Mark.NOT_ENCRYPTED ? "Not encrypted" : null);
        icon.setContent(switch (shown) {
            case ENCRYPTED, NONE -> LOCK;
            case NOT_ENCRYPTED -> OPEN_LOCK;
            case UNREADABLE -> WARNING;
        });
        mark.pseudoClassStateChanged(ENCRYPTED, shown == MessageRow.Mark.ENCRYPTED);
        mark.pseudoClassStateChanged(NOT_ENCRYPTED, shown == MessageRow.Mark.NOT_ENCRYPTED);
        mark.pseudoClassStateChanged(UNREADABLE, shown == MessageRow.Mark.UNREADABLE);
        bubble.pseudoClassStateChanged(UNREADABLE, shown == MessageRow.Mark.UNREADABLE);
    }
}
