package chat.mz.ui.chats;

import atlantafx.base.theme.Styles;
import chat.mz.ui.main.Command;
import chat.mz.ui.main.Shortcuts;
import java.net.URL;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Chats section: on the left the search field, New chat and New group, and the conversation
 * list (or the search results while searching); on the right the open conversation and the
 * composer. Escape in the search field goes back to the list. Its keyboard shortcuts are the main
 * window's (the app binds New chat, Search and so on to the methods here), so they work from any
 * section and are listed in one place.
 */
public final class ChatsView extends BorderPane {
    private final ChatsViewModel viewModel;
    private final TextField search = new TextField();
    private final ComposerView composer;
    private final MessageListView messages;
    /** Kept in a field: the derived value must live as long as the view for its listener to fire. */
    private final ObservableValue<Boolean> showing;

    /** Builds the section and starts loading; call on the JavaFX thread. */
    public ChatsView(ChatsViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("chats-view");
        setId("chatsView");
        URL css = ChatsView.class.getResource("/chat/mz/ui/chats.css");
        if (css != null) {
            getStylesheets().add(css.toExternalForm());
        }
        composer = new ComposerView(viewModel.composer());
        messages = new MessageListView(viewModel.messages());
        setLeft(sidebar());
        setCenter(conversation());

        // read means seen: on screen in a focused window, not only the section chosen behind another app
        showing = sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::focusedProperty).orElse(false);
        showing.addListener((obs, was, now) -> viewModel.setShowing(now));
        viewModel.messages().conversationIdProperty().addListener((obs, old, id) -> {
            if (id != null) {
                Platform.runLater(composer::focusField);
            }
        });
        viewModel.start();
    }

    /** Opens the New chat dialog. */
    public Stage newChat() {
        return NewChatView.show(getScene() != null ? getScene().getWindow() : null, viewModel.newChat());
    }

    /** Opens the New group dialog. */
    public Stage newGroup() {
        return NewGroupView.show(getScene() != null ? getScene().getWindow() : null, viewModel.newGroup());
    }

    /** Opens the open group's settings; null when no group is open. */
    public Stage groupSettings() {
        GroupSettingsViewModel settings = viewModel.groupSettings();
        return settings == null ? null
                : GroupSettingsView.show(getScene() != null ? getScene().getWindow() : null, settings);
    }

    /** Puts the cursor in the search field. */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** Opens the conversation below the open one in the list (the first after the last). */
    public void nextConversation() {
        viewModel.list().chooseNeighbour(1);
    }

    /** Opens the conversation above the open one in the list (the last before the first). */
    public void previousConversation() {
        viewModel.list().chooseNeighbour(-1);
    }

    /** Stops following the account and the view's timers. */
    public void dispose() {
        messages.dispose();
        viewModel.close();
    }

    private VBox sidebar() {
        Button newChat = new Button("New chat");
        newChat.setId("newChatButton");
        newChat.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL);
        newChat.setAccessibleText("Start a new chat");
        newChat.setTooltip(new Tooltip("Start a chat with someone" + Shortcuts.hint(Command.NEW_CHAT)));
        newChat.setOnAction(event -> newChat());
        Button newGroup = new Button("New group");
        newGroup.setId("newGroupButton");
        newGroup.getStyleClass().add(Styles.SMALL);
        newGroup.setAccessibleText("Create a new group");
        newGroup.setTooltip(new Tooltip("Create a group" + Shortcuts.hint(Command.NEW_GROUP)));
        newGroup.setOnAction(event -> newGroup());
        HBox actions = new HBox(6, newChat, newGroup);
        actions.setAlignment(Pos.CENTER_LEFT);

        SearchView results = new SearchView(viewModel.search());
        search.setId("chatSearch");
        search.setPromptText("Search messages" + Shortcuts.hint(Command.SEARCH));
        search.setAccessibleText("Search messages");
        search.textProperty().bindBidirectional(viewModel.search().queryProperty());
        search.setOnAction(event -> viewModel.search().choose(results.first()));
        search.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                viewModel.search().clear();
                event.consume();
            } else if (event.getCode() == KeyCode.DOWN) {
                results.focusResults();
                event.consume();
            }
        });

        ConversationListView list = new ConversationListView(viewModel.list());
        results.visibleProperty().bind(viewModel.search().activeProperty());
        list.visibleProperty().bind(viewModel.search().activeProperty().not());
        StackPane lists = new StackPane(list, results);
        VBox.setVgrow(lists, Priority.ALWAYS);

        VBox sidebar = new VBox(8, actions, search, lists);
        sidebar.getStyleClass().add("chats-sidebar");
        sidebar.setPadding(new Insets(12));
        sidebar.setPrefWidth(300);
        sidebar.setMinWidth(240);
        return sidebar;
    }

    private StackPane conversation() {
        Label title = new Label();
        title.setId("chatTitle");
        title.getStyleClass().addAll(Styles.TITLE_4, "chat-title");
        title.textProperty().bind(viewModel.titleProperty());
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        Button settings = new Button("Group settings");
        settings.setId("groupSettings");
        settings.getStyleClass().add(Styles.SMALL);
        settings.setAccessibleText("Group settings: encryption, key and members");
        settings.setTooltip(new Tooltip("Encryption, the room key, members and join requests"));
        settings.visibleProperty().bind(viewModel.groupOpenProperty());
        settings.managedProperty().bind(settings.visibleProperty());
        settings.setOnAction(event -> groupSettings());
        HBox header = new HBox(8, title, settings);
        header.setAlignment(Pos.CENTER_LEFT);
        Label error = NewChatView.errorLabel("messagesError");
        error.textProperty().bind(viewModel.messages().errorProperty());
        VBox.setVgrow(messages, Priority.ALWAYS);
        KeyChangeBanner keyChange = new KeyChangeBanner(viewModel.keyChanges());
        VBox open = new VBox(8, header, keyChange, error, messages, composer);
        open.getStyleClass().add("chat-open");
        open.setPadding(new Insets(12));
        open.visibleProperty().bind(viewModel.messages().conversationIdProperty().isNotNull());

        Label none = new Label("Choose a conversation, or start one with New chat"
                + Shortcuts.hint(Command.NEW_CHAT) + ".");
        none.setId("noConversation");
        none.getStyleClass().addAll(Styles.TEXT_MUTED, "chat-placeholder");
        none.visibleProperty().bind(open.visibleProperty().not());
        return new StackPane(none, open);
    }
}
