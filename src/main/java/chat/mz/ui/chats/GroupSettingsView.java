package chat.mz.ui.chats;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import chat.mz.ui.Switches;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A group's settings window: end-to-end encryption and its key, then the members, join requests,
 * inviting and leaving. Controls only the owner may use are disabled for everyone else, with a
 * tooltip saying so.
 */
public final class GroupSettingsView extends ScrollPane {
    public static final String TITLE = "Group settings";
    private static final String OWNER_ONLY = "Only the group's owner can change this.";

    private final GroupSettingsViewModel viewModel;
    private final VBox memberList = new VBox(4);
    private final VBox requestList = new VBox(4);
    /** Set while the controls are brought in line with the view model, so that is not taken as the user's choice. */
    private boolean syncing;

    public GroupSettingsView(GroupSettingsViewModel viewModel) {
        this.viewModel = viewModel;
        setId("groupSettingsView");
        getStyleClass().add("group-settings");
        setFitToWidth(true);
        setPrefViewportHeight(560);
        setPrefViewportWidth(460);

        Label title = new Label();
        title.setId("groupSettingsTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(viewModel.titleProperty());
        Label error = NewChatView.errorLabel("groupSettingsError");
        error.textProperty().bind(viewModel.errorProperty());
        Label notice = ChatDialogs.wrapped("groupSettingsNotice");
        notice.getStyleClass().add(Styles.SUCCESS);
        notice.textProperty().bind(viewModel.noticeProperty());
        notice.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        Button leave = new Button("Leave group");
        leave.setId("leaveGroup");
        leave.getStyleClass().add(Styles.DANGER);
        leave.disableProperty().bind(viewModel.busyProperty().or(viewModel.activeProperty().not()));
        leave.setOnAction(event -> viewModel.leave());

        VBox content = new VBox(10, title, error, notice, encryption(), heading("Members"), memberList,
                heading("Asking to join"), requestList, invite(), leave);
        content.setPadding(new Insets(20));
        setContent(content);

        viewModel.members().addListener((ListChangeListener<MemberRow>) change -> showMembers());
        viewModel.joinRequests().addListener((ListChangeListener<ChatRequest>) change -> showRequests());
        showMembers();
        showRequests();
    }

    /** Opens the settings over {@code owner} and starts loading; call on the JavaFX thread. */
    public static Stage show(Window owner, GroupSettingsViewModel viewModel) {
        Stage stage = ChatDialogs.show(owner, TITLE, new GroupSettingsView(viewModel), viewModel.doneProperty());
        stage.setOnHidden(event -> viewModel.close());
        viewModel.start();
        return stage;
    }

    private VBox encryption() {
        ToggleSwitch e2ee = Switches.keyboardOperable(new ToggleSwitch());
        e2ee.setId("e2eeSwitch");
        e2ee.setAccessibleText("End-to-end encryption");
        e2ee.disableProperty().bind(viewModel.ownerProperty().not().or(viewModel.busyProperty())
                .or(viewModel.confirmingTurnOffProperty()));
        ownerOnlyTip(e2ee);
        viewModel.encryptedProperty().addListener((obs, was, now) -> sync(() -> e2ee.setSelected(now)));
        e2ee.selectedProperty().addListener((obs, was, now) -> {
            if (!syncing) {
                viewModel.requestEncryption(now);
                // the switch shows the group's state: it moves once the change is made (and confirmed)
                sync(() -> e2ee.setSelected(viewModel.encryptedProperty().get()));
            }
        });
        // the switch itself reacts to its track only; its name is clickable too, as users expect
        Label e2eeName = new Label("End-to-end encryption");
        e2eeName.setLabelFor(e2ee);
        e2eeName.setOnMouseClicked(event -> {
            if (!e2ee.isDisabled()) {
                e2ee.setSelected(!e2ee.isSelected());
            }
        });
        HBox e2eeRow = new HBox(10, e2ee, e2eeName);
        e2eeRow.setAlignment(Pos.CENTER_LEFT);
        Label state = ChatDialogs.wrapped("e2eeState");
        state.textProperty().bind(viewModel.encryptedProperty().map(on -> on
                ? "Messages are sealed on members' devices; the homeserver cannot read them."
                : "Off: the homeserver can read new messages."));
        state.getStyleClass().add(Styles.TEXT_MUTED);

        Label consequence = ChatDialogs.wrapped("turnOffConsequence");
        consequence.setText("Turn off end-to-end encryption? " + viewModel.turnOffConsequence());
        Button keepOn = new Button("Keep it on");
        keepOn.setId("turnOffCancel");
        keepOn.setOnAction(event -> viewModel.cancelTurnOff());
        Button turnOff = new Button("Turn off encryption");
        turnOff.setId("turnOffConfirm");
        turnOff.getStyleClass().add(Styles.DANGER);
        turnOff.setOnAction(event -> viewModel.confirmTurnOff());
        HBox answers = new HBox(8, keepOn, turnOff);
        answers.setAlignment(Pos.CENTER_RIGHT);
        VBox confirm = new VBox(8, consequence, answers);
        confirm.setId("turnOffQuestion");
        confirm.getStyleClass().add("turn-off-confirm");
        confirm.setAccessibleRole(AccessibleRole.TEXT);
        confirm.setAccessibleText(consequence.getText());
        confirm.visibleProperty().bind(viewModel.confirmingTurnOffProperty());
        confirm.managedProperty().bind(confirm.visibleProperty());

        Label keyNumber = ChatDialogs.wrapped("keyNumber");
        keyNumber.getStyleClass().add(Styles.TEXT_BOLD);
        keyNumber.textProperty().bind(viewModel.keyNumberProperty());
        Label keyAge = ChatDialogs.wrapped("keyAge");
        keyAge.textProperty().bind(viewModel.keyAgeProperty());
        Label next = ChatDialogs.wrapped("keyNextRotation");
        next.textProperty().bind(viewModel.nextRotationProperty());
        Button rotate = new Button("Rotate key now");
        rotate.setId("rotateKey");
        rotate.setTooltip(new Tooltip("Make a new room key for the group now; any member can."));
        rotate.disableProperty().bind(viewModel.busyProperty().or(viewModel.activeProperty().not()));
        rotate.setOnAction(event -> viewModel.rotateNow());
        VBox key = new VBox(4, keyNumber, keyAge, next, rotate);
        key.visibleProperty().bind(viewModel.encryptedProperty());
        key.managedProperty().bind(key.visibleProperty());

        Label rotationLabel = new Label("Replace the key");
        ComboBox<KeyRotation> rotation = new ComboBox<>();
        rotation.setId("rotationChoice");
        rotation.getItems().setAll(KeyRotation.values());
        rotation.setAccessibleText("How often the room key is replaced");
        rotationLabel.setLabelFor(rotation);
        rotation.disableProperty().bind(viewModel.ownerProperty().not().or(viewModel.busyProperty()));
        ownerOnlyTip(rotation);
        viewModel.rotationProperty().addListener((obs, was, now) -> sync(() -> rotation.setValue(now)));
        rotation.valueProperty().addListener((obs, was, now) -> {
            if (!syncing) {
                viewModel.chooseRotation(now);
                sync(() -> rotation.setValue(viewModel.rotationProperty().get()));
            }
        });
        HBox rotationRow = new HBox(8, rotationLabel, rotation);
        rotationRow.setAlignment(Pos.CENTER_LEFT);

        CheckBox history = new CheckBox("New members can read earlier messages");
        history.setId("newMembersReadHistory");
        history.disableProperty().bind(viewModel.ownerProperty().not().or(viewModel.busyProperty()));
        ownerOnlyTip(history);
        viewModel.newMembersReadProperty().addListener((obs, was, now) -> sync(() -> history.setSelected(now)));
        history.selectedProperty().addListener((obs, was, now) -> {
            if (!syncing) {
                viewModel.setNewMembersRead(now);
                sync(() -> history.setSelected(viewModel.newMembersReadProperty().get()));
            }
        });

        // a disabled control shows no tooltip: say it in the window
        Label ownerOnly = ChatDialogs.wrapped("ownerOnlyHint");
        ownerOnly.setText("Only the group's owner can switch encryption and change the key settings.");
        ownerOnly.getStyleClass().add(Styles.TEXT_MUTED);
        ownerOnly.visibleProperty().bind(viewModel.ownerProperty().not().and(viewModel.loadedProperty()));
        ownerOnly.managedProperty().bind(ownerOnly.visibleProperty());

        return new VBox(8, heading("Encryption"), ownerOnly, e2eeRow, state, confirm, key, rotationRow, history);
    }

    private HBox invite() {
        TextField name = new TextField();
        name.setId("inviteName");
        name.setPromptText("Username");
        name.setAccessibleText("Username of the person to invite");
        name.textProperty().bindBidirectional(viewModel.inviteNameProperty());
        name.setOnAction(event -> viewModel.invite());
        HBox.setHgrow(name, Priority.ALWAYS);
        Button invite = new Button("Invite");
        invite.setId("inviteButton");
        invite.disableProperty().bind(viewModel.busyProperty().or(viewModel.activeProperty().not()));
        invite.setOnAction(event -> viewModel.invite());
        HBox row = new HBox(8, name, invite);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void showMembers() {
        memberList.getChildren().setAll(viewModel.members().stream().map(member -> {
            Label text = ChatDialogs.wrapped("member-" + member.username());
            text.setText(member.text());
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox row = new HBox(8, text);
            row.setAlignment(Pos.CENTER_LEFT);
            if (member.removable()) {
                Button remove = new Button("Remove");
                remove.setId("remove-" + member.username());
                remove.getStyleClass().add(Styles.SMALL);
                remove.setAccessibleText("Remove " + member.username() + " from the group");
                remove.disableProperty().bind(viewModel.busyProperty());
                remove.setOnAction(event -> viewModel.remove(member));
                row.getChildren().add(remove);
            }
            return (Node) row;
        }).toList());
    }

    private void showRequests() {
        if (viewModel.joinRequests().isEmpty()) {
            Label none = new Label("Nobody is asking to join.");
            none.setId("noJoinRequests");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            requestList.getChildren().setAll(none);
            return;
        }
        requestList.getChildren().setAll(viewModel.joinRequests().stream().map(request -> {
            Label who = ChatDialogs.wrapped("request-" + request.username());
            who.setText(request.username() + " asks to join");
            HBox.setHgrow(who, Priority.ALWAYS);
            who.setMaxWidth(Double.MAX_VALUE);
            Button approve = new Button("Approve");
            approve.setId("approve-" + request.username());
            approve.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
            approve.disableProperty().bind(viewModel.busyProperty());
            approve.setOnAction(event -> viewModel.approve(request));
            Button deny = new Button("Deny");
            deny.setId("deny-" + request.username());
            deny.getStyleClass().add(Styles.SMALL);
            deny.disableProperty().bind(viewModel.busyProperty());
            deny.setOnAction(event -> viewModel.deny(request));
            HBox row = new HBox(8, who, approve, deny);
            row.setAlignment(Pos.CENTER_LEFT);
            return (Node) row;
        }).toList());
    }

    private void sync(Runnable change) {
        syncing = true;
        try {
            change.run();
        } finally {
            syncing = false;
        }
    }

    private void ownerOnlyTip(javafx.scene.control.Control control) {
        Tooltip tip = new Tooltip(OWNER_ONLY);
        viewModel.ownerProperty().addListener((obs, was, now) -> control.setTooltip(now ? null : tip));
        control.setTooltip(viewModel.ownerProperty().get() ? null : tip);
    }

    private static Label heading(String text) {
        Label heading = new Label(text);
        heading.getStyleClass().add("settings-heading");
        return heading;
    }
}
