package chat.mz.ui.chats;

import javafx.css.PseudoClass;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One row of the timeline: a day separator, a system line centred and muted, or a message bubble,
 * on the right in its own colour for this account's messages, with the sender's name in groups and
 * the delivery state under own messages.
 */
final class MessageCell extends ListCell<MessageRow> {
    private static final PseudoClass OUTGOING = PseudoClass.getPseudoClass("outgoing");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");

    private final MessageListViewModel viewModel;
    private final Label sender = new Label();
    private final Label text = new Label();
    private final Label time = new Label();
    private final Label status = new Label();
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
        time.getStyleClass().add("message-time");
        status.getStyleClass().add("message-status");
        status.setWrapText(true);
        HBox footer = new HBox(6, time, status);
        footer.getStyleClass().add("message-footer");
        bubble = new VBox(2, sender, text, footer);
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
        time.setText(row.time());
        status.setText(row.status());
        status.setVisible(!row.status().isEmpty());
        status.setManaged(status.isVisible());
        bubble.pseudoClassStateChanged(OUTGOING, row.outgoing());
        status.pseudoClassStateChanged(FAILED, row.failed());
        status.pseudoClassStateChanged(PENDING, row.status().startsWith("Sending"));
        line.setAlignment(MessageListView.alignment(row));
        setGraphic(line);
    }
}
