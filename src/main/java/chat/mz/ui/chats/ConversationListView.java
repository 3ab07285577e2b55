package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.Shortcuts;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The conversation list: invitations and join requests on top, each with its two buttons, then a
 * line per conversation with its name, time, last message and unread badge.
 */
public final class ConversationListView extends VBox {
    private final ConversationListViewModel viewModel;
    private final VBox requestBox = new VBox(6);
    private final ListView<ConversationRow> list;
    private boolean syncing;

    public ConversationListView(ConversationListViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("conversation-list-view");
        setId("conversationListView");

        requestBox.setId("chatRequests");
        requestBox.getStyleClass().add("chat-requests");
        requestBox.managedProperty().bind(requestBox.visibleProperty());
        viewModel.requests().addListener((ListChangeListener<RequestRow>) change -> rebuildRequests());
        rebuildRequests();

        Label error = new Label();
        error.setId("conversationListError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        list = new ListView<>(viewModel.rows());
        list.setId("conversationList");
        list.getStyleClass().add("conversation-list");
        list.setAccessibleText("Conversations");
        list.setCellFactory(view -> new ConversationCell());
        Label empty = new Label("No conversations yet. Start one with New chat"
                + Shortcuts.hint(Command.NEW_CHAT) + ".");
        empty.setWrapText(true);
        empty.getStyleClass().add("chat-placeholder");
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!syncing && row != null) {
                viewModel.choose(row);
            }
        });
        viewModel.selectedProperty().addListener((obs, old, row) -> syncSelection());
        viewModel.rows().addListener((ListChangeListener<ConversationRow>) change -> syncSelection());

        getChildren().addAll(requestBox, error, list);
    }

    /** Moves the keyboard focus to the list. */
    public void focusList() {
        list.requestFocus();
    }

    /** The list selects what the view model says is open, without choosing it again. */
    private void syncSelection() {
        ConversationRow selected = viewModel.selectedProperty().get();
        syncing = true;
        try {
            int index = selected == null ? -1 : viewModel.rows().indexOf(selected);
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedIndex() != index) {
                list.getSelectionModel().select(index);
            }
        } finally {
            syncing = false;
        }
    }

    private void rebuildRequests() {
        requestBox.getChildren().setAll(viewModel.requests().stream().map(this::requestCard).toList());
        requestBox.setVisible(!viewModel.requests().isEmpty());
    }

    private VBox requestCard(RequestRow row) {
        Label text = new Label(row.text());
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add("request-text");

        Button yes = new Button(row.yesLabel());
        yes.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL, "request-yes");
        yes.setAccessibleText(row.yesLabel() + ": " + row.text());
        yes.setDisable(row.busy());
        yes.setOnAction(event -> viewModel.answerYes(row));
        Button no = new Button(row.noLabel());
        no.getStyleClass().addAll(Styles.SMALL, "request-no");
        no.setAccessibleText(row.noLabel() + ": " + row.text());
        no.setDisable(row.busy());
        no.setOnAction(event -> viewModel.answerNo(row));

        HBox buttons = new HBox(6, yes, no);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(6, text, buttons);
        card.getStyleClass().add("request-card");
        card.setId("request-" + row.request().conversationId());
        card.setAccessibleRole(AccessibleRole.TEXT);
        card.setAccessibleText(row.text());
        return card;
    }

    /** Name and time on the first line, the last message and the unread badge on the second. */
    private static final class ConversationCell extends ListCell<ConversationRow> {
        private final Label name = new Label();
        private final Label time = new Label();
        private final Label preview = new Label();
        private final Label badge = new Label();
        private final VBox box;

        ConversationCell() {
            getStyleClass().add("conversation-cell");
            name.getStyleClass().add("conversation-name");
            time.getStyleClass().add("conversation-time");
            preview.getStyleClass().add("conversation-preview");
            badge.getStyleClass().add("unread-badge");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            name.setMinWidth(0);
            preview.setMinWidth(0);
            preview.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(preview, Priority.ALWAYS);
            HBox top = new HBox(6, name, spacer, time);
            HBox bottom = new HBox(6, preview, badge);
            top.setAlignment(Pos.CENTER_LEFT);
            bottom.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(2, top, bottom);
            setPrefWidth(0);
            setAccessibleRole(AccessibleRole.LIST_ITEM);
        }

        @Override
        protected void updateItem(ConversationRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                setId(null);
                setAccessibleText(null);
                return;
            }
            setId("conversation-" + row.id());
            name.setText(row.name());
            time.setText(row.time());
            preview.setText(row.preview());
            badge.setText(row.unread() > 99 ? "99+" : Integer.toString(row.unread()));
            badge.setVisible(row.unread() > 0);
            badge.setManaged(row.unread() > 0);
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("unread"), row.unread() > 0);
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("inactive"), !row.active());
            setAccessibleText(row.accessibleText());
            setGraphic(box);
        }
    }
}
