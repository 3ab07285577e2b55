package chat.mz.ui.chats;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Search results in place of the conversation list: conversation, sender, time and the text around
 * the match, newest first. A click or Enter opens the conversation at that message.
 */
public final class SearchView extends VBox {
    private final ListView<SearchRow> list;

    public SearchView(SearchViewModel viewModel) {
        getStyleClass().add("search-view");
        setId("searchView");
        Label summary = new Label();
        summary.setId("searchSummary");
        summary.getStyleClass().add("search-summary");
        summary.textProperty().bind(viewModel.summaryProperty());

        list = new ListView<>(viewModel.results());
        list.setId("searchResults");
        list.setAccessibleText("Search results");
        list.setCellFactory(view -> new ResultCell());
        list.setPlaceholder(new Label(""));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY) {
                viewModel.choose(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                viewModel.choose(list.getSelectionModel().getSelectedItem());
                event.consume();
            }
        });
        setSpacing(4);
        getChildren().addAll(summary, list);
    }

    /** Selects the first result and moves the focus to the results, from the search field's Down key. */
    public void focusResults() {
        if (!list.getItems().isEmpty()) {
            list.getSelectionModel().select(0);
            list.requestFocus();
        }
    }

    /** The first result, for Enter in the search field; null when there is none. */
    SearchRow first() {
        return list.getItems().isEmpty() ? null : list.getItems().get(0);
    }

    private static final class ResultCell extends ListCell<SearchRow> {
        private final Label where = new Label();
        private final Label time = new Label();
        private final TextFlow snippet = new TextFlow();
        private final VBox box;

        ResultCell() {
            getStyleClass().add("search-cell");
            where.getStyleClass().add("search-where");
            time.getStyleClass().add("conversation-time");
            snippet.getStyleClass().add("search-snippet");
            where.setMinWidth(0);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox top = new HBox(6, where, spacer, time);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(2, top, snippet);
            setPrefWidth(0);
            setAccessibleRole(AccessibleRole.LIST_ITEM);
        }

        /** The snippet with the searched words stressed. */
        private static List<Text> pieces(SearchRow row) {
            List<Text> pieces = new ArrayList<>();
            int at = 0;
            for (SearchRow.Match match : row.matches()) {
                if (match.start() > at) {
                    pieces.add(piece(row.snippet().substring(at, match.start()), false));
                }
                pieces.add(piece(row.snippet().substring(match.start(), match.end()), true));
                at = match.end();
            }
            if (at < row.snippet().length()) {
                pieces.add(piece(row.snippet().substring(at), false));
            }
            return pieces;
        }

        private static Text piece(String text, boolean match) {
            Text piece = new Text(text);
            piece.getStyleClass().add(match ? "search-match" : "search-text");
            return piece;
        }

        @Override
        protected void updateItem(SearchRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                setAccessibleText(null);
                setId(null);
                return;
            }
            setId("result-" + row.result().messageId());
            where.setText(row.sender().isEmpty() ? row.conversationName()
                    : row.sender() + " · " + row.conversationName());
            time.setText(row.time());
            snippet.getChildren().setAll(pieces(row));
            setAccessibleText(row.accessibleText());
            setGraphic(box);
        }
    }
}
