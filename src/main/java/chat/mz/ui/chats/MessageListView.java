package chat.mz.ui.chats;

import javafx.animation.PauseTransition;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.control.Label;
import javafx.geometry.Pos;
import javafx.util.Duration;

/**
 * The open conversation's timeline, virtualized: only the rows on screen exist as cells. Scrolling to
 * the top loads older messages without moving what is being read; arriving messages keep the view at
 * the bottom when it was there; a message chosen in search is scrolled to and highlighted briefly.
 */
public final class MessageListView extends ListView<MessageRow> {
    private static final Duration HIGHLIGHT = Duration.seconds(2.5);
    /** How close to the end counts as "at the bottom", as a fraction of the whole. */
    private static final double EDGE = 0.001;

    private final MessageListViewModel viewModel;
    private final PauseTransition fade = new PauseTransition(HIGHLIGHT);
    private VirtualFlow<?> flow;

    public MessageListView(MessageListViewModel viewModel) {
        super(viewModel.rows());
        this.viewModel = viewModel;
        setId("messageList");
        getStyleClass().add("message-list");
        setFocusTraversable(true);
        setAccessibleText("Messages");
        setCellFactory(list -> new MessageCell(this, viewModel));
        Label empty = new Label("No messages yet. Say hello!");
        empty.getStyleClass().add("chat-placeholder");
        setPlaceholder(empty);
        setSelectionModel(null);

        skinProperty().addListener((obs, old, skin) -> watchFlow());
        viewModel.scrollRequestProperty().addListener((obs, old, request) -> {
            if (request != null) {
                scroll(request);
            }
        });
        viewModel.highlightedProperty().addListener((obs, old, key) -> {
            refresh();
            if (!key.isEmpty()) {
                fade.playFromStart();
            }
        });
        fade.setOnFinished(event -> viewModel.clearHighlight());
    }

    private void watchFlow() {
        if (lookup(".virtual-flow") instanceof VirtualFlow<?> found && found != flow) {
            flow = found;
            flow.positionProperty().addListener((obs, old, position) -> checkEdges());
        }
    }

    /**
     * Reacts to the scroll position only, never to rows arriving: a page just put in while the view
     * still sits at its first row must not look like the user scrolling to the top.
     */
    private void checkEdges() {
        if (getItems().isEmpty()) {
            return;
        }
        double position = flow.getPosition();
        boolean fits = flow.getFirstVisibleCell() != null && flow.getFirstVisibleCell().getIndex() == 0
                && flow.getLastVisibleCell() != null && flow.getLastVisibleCell().getIndex() == getItems().size() - 1;
        boolean atBottom = fits || position >= 1 - EDGE;
        viewModel.setFollowing(atBottom);
        if (position <= EDGE) {
            viewModel.loadOlder();
        }
        if (atBottom) {
            viewModel.loadNewer();
        }
    }

    private void scroll(MessageListViewModel.ScrollRequest request) {
        int index = indexOf(request.key());
        if (index < 0) {
            return;
        }
        switch (request.position()) {
            case TOP -> scrollTo(index);
            case CENTER -> scrollTo(Math.max(0, index - 3));
            case BOTTOM -> scrollTo(getItems().size() - 1);
        }
    }

    private int indexOf(String key) {
        for (int i = 0; i < getItems().size(); i++) {
            if (getItems().get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Stops the highlight timer. */
    void dispose() {
        fade.stop();
    }

    static Pos alignment(MessageRow row) {
        return row.kind() != MessageRow.Kind.MESSAGE ? Pos.CENTER : row.outgoing() ? Pos.CENTER_RIGHT
                : Pos.CENTER_LEFT;
    }
}
