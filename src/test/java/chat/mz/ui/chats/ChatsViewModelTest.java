package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.Entry;
import chat.mz.history.SessionSummary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chats view models without a window, on the real client core: two accounts on a homeserver on
 * loopback, each with its own encrypted history file; the view models run on a thread of their own
 * that stands in for the JavaFX thread.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatsViewModelTest {
    @TempDir
    Path folder;

    private final UiThread ui = new UiThread();
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;
    private ChatsViewModel chats;

    @BeforeEach
    void twoAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
        chats = viewModel(ada);
    }

    @AfterEach
    void stop() throws Exception {
        ui.run(chats::close);
        ui.close();
        world.close();
    }

    private ChatsViewModel viewModel(LoopbackChat.Person person) {
        ChatsViewModel model = new ChatsViewModel(person.account(), ui::execute, Runnable::run, Clock.systemUTC());
        ui.run(model::start);
        return model;
    }

    @Test
    void aNewChatChecksTheContactThenAMessageShowsAtOnceAndReachesTheOtherSide() throws Exception {
        NewChatViewModel dialog = ui.get(chats::newChat);
        ui.run(() -> {
            dialog.usernameProperty().set("bob");
            dialog.next();
        });
        ui.waitFor("bob to be found", () -> dialog.foundProperty().get() != null);
        ui.run(() -> {
            assertEquals(CheckedContact.KeyCheck.FIRST_SEEN, dialog.foundProperty().get().keyCheck());
            assertFalse(dialog.foundProperty().get().safetyNumber().isBlank());
            assertEquals("Open chat", dialog.actionTextProperty().get());
            dialog.next();
        });
        ui.waitFor("the chat to open", () -> dialog.doneProperty().get()
                && chats.messages().conversationIdProperty().get() != null
                && chats.composer().enabledProperty().get());
        String sessionId = ui.get(() -> chats.messages().conversationIdProperty().get());
        assertEquals("bob", ui.get(() -> chats.titleProperty().get()));

        List<String> statuses = new ArrayList<>();
        ui.run(() -> chats.messages().rows().addListener((ListChangeListener<MessageRow>) change ->
                change.getList().stream().filter(r -> r.text().equals("Hi Bob!")).map(MessageRow::status)
                        .filter(s -> statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(s))
                        .forEach(statuses::add)));
        ui.run(() -> {
            chats.composer().textProperty().set("Hi Bob!");
            chats.composer().send();
            assertEquals("", chats.composer().textProperty().get(), "the field empties at once");
        });
        ui.waitFor("the message to be delivered", () -> chats.messages().rows().stream()
                .anyMatch(r -> r.text().equals("Hi Bob!") && r.outgoing() && r.status().equals("Delivered")));
        assertEquals("Sending…", ui.get(() -> statuses.get(0)), "shown as pending first: " + statuses);

        LoopbackChat.waitFor("bob's history to have it", () -> bob.history().latest(sessionId, 10).stream()
                .anyMatch(e -> e.text().equals("Hi Bob!") && !e.outgoing()));
        ui.waitFor("the list to show the chat", () -> chats.list().rows().stream()
                .anyMatch(r -> r.id().equals(sessionId) && r.preview().equals("Hi Bob!")));
    }

    @Test
    void anArrivingMessageShowsInTheOpenConversationAndIsMarkedRead() throws Exception {
        String sessionId = direct(bob, ada);
        ui.waitFor("the chat in ada's list", () -> chats.list().rows().stream()
                .anyMatch(r -> r.id().equals(sessionId)));
        LoopbackChat.await(bob.messenger().send(sessionId, "Are you climbing tomorrow?"));
        ui.waitFor("one unread", () -> chats.list().rows().stream()
                .anyMatch(r -> r.id().equals(sessionId) && r.unread() == 1
                        && r.preview().equals("Are you climbing tomorrow?")));

        ui.run(() -> chats.list().choose(chats.list().rows().stream().filter(r -> r.id().equals(sessionId))
                .findFirst().orElseThrow()));
        ui.waitFor("the message shown", () -> chats.messages().rows().stream()
                .anyMatch(r -> r.text().equals("Are you climbing tomorrow?") && !r.outgoing()));
        ui.waitFor("it to be read", () -> chats.list().rows().stream()
                .anyMatch(r -> r.id().equals(sessionId) && r.unread() == 0));

        LoopbackChat.await(bob.messenger().send(sessionId, "Bring the rope."));
        ui.waitFor("the new message in the open view", () -> chats.messages().rows().stream()
                .anyMatch(r -> r.text().equals("Bring the rope.")));
        ui.run(() -> {
            MessageListViewModel.ScrollRequest request = chats.messages().scrollRequestProperty().get();
            assertEquals(MessageListViewModel.ScrollRequest.Position.BOTTOM, request.position());
            List<MessageRow> rows = chats.messages().rows();
            assertEquals(rows.get(rows.size() - 1).key(), request.key(), "pinned to the newest");
            assertEquals(MessageRow.Kind.DAY, rows.get(0).kind());
            assertEquals("Today", rows.get(0).text());
        });
        ui.waitFor("read as it arrived", () -> chats.list().rows().stream()
                .anyMatch(r -> r.id().equals(sessionId) && r.unread() == 0 && r.preview().equals("Bring the rope.")));
        assertEquals(0, ada.history().session(sessionId).map(SessionSummary::unreadCount).orElse(-1));
    }

    @Test
    void scrollingUpLoadsOlderPagesInFrontOfTheReadingPosition() throws Exception {
        String sessionId = direct(bob, ada);
        for (int i = 1; i <= 120; i++) {
            bob.messenger().send(sessionId, "message number " + i);
        }
        LoopbackChat.await(bob.messenger().sendOutboxNow());
        LoopbackChat.waitFor("all of them at ada's", () -> ada.history().latest(sessionId, 1).stream()
                .anyMatch(e -> e.text().equals("message number 120")));

        ui.run(() -> chats.open(sessionId));
        ui.waitFor("the newest page", () -> messages(chats).size() == MessageListViewModel.PAGE);
        assertEquals("message number 120", ui.get(() -> last(messages(chats))));
        assertEquals("message number 71", ui.get(() -> messages(chats).get(0)));

        ui.run(() -> chats.messages().loadOlder());
        ui.waitFor("the page before", () -> messages(chats).size() == 2 * MessageListViewModel.PAGE);
        ui.run(() -> {
            assertEquals("message number 21", messages(chats).get(0));
            MessageListViewModel.ScrollRequest request = chats.messages().scrollRequestProperty().get();
            assertEquals(MessageListViewModel.ScrollRequest.Position.TOP, request.position());
            assertEquals("message number 71", textOf(chats, request.key()), "the row that was at the top stays there");
        });
        ui.run(() -> chats.messages().loadOlder());
        ui.waitFor("the first messages", () -> messages(chats).size() == 120 + 1 - 1);
        assertEquals("message number 1", ui.get(() -> messages(chats).get(0)));
    }

    @Test
    void searchOpensTheConversationAtTheMessageAndHighlightsIt() throws Exception {
        String sessionId = direct(bob, ada);
        for (int i = 1; i <= 90; i++) {
            bob.messenger().send(sessionId, i == 10 ? "the crag is closed on Sunday" : "message number " + i);
        }
        LoopbackChat.await(bob.messenger().sendOutboxNow());
        LoopbackChat.waitFor("all of them at ada's", () -> ada.history().latest(sessionId, 1).stream()
                .anyMatch(e -> e.text().equals("message number 90")));

        ui.run(() -> chats.search().queryProperty().set("crag clos"));
        ui.waitFor("one result", () -> chats.search().results().size() == 1);
        SearchRow hit = ui.get(() -> chats.search().results().get(0));
        assertEquals("bob", hit.sender());
        assertEquals("bob", hit.conversationName());
        assertTrue(hit.snippet().contains("crag"), hit.snippet());

        ui.run(() -> chats.search().choose(hit));
        ui.waitFor("the page around it", () -> messages(chats).contains("the crag is closed on Sunday"));
        ui.run(() -> {
            assertEquals(hit.result().messageId(), chats.messages().highlightedProperty().get());
            MessageListViewModel.ScrollRequest request = chats.messages().scrollRequestProperty().get();
            assertEquals(MessageListViewModel.ScrollRequest.Position.CENTER, request.position());
            assertEquals(hit.result().messageId(), request.key());
            assertFalse(messages(chats).contains("message number 90"), "only the page around it");
            assertEquals("message number 1", messages(chats).get(0));
        });
        ui.run(() -> chats.messages().loadNewer());
        ui.waitFor("the newer pages up to the newest", () -> {
            chats.messages().loadNewer();
            return messages(chats).contains("message number 90");
        });
    }

    @Test
    void anInvitationIsAcceptedFromTheListAndOpens() throws Exception {
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup("Climbing", List.of()))
                .sessionId();
        LoopbackChat.await(ada.contacts().add("bob"));
        LoopbackChat.await(ada.messenger().conversations().invite(group, bob.userId()));

        ChatsViewModel bobs = viewModel(bob);
        try {
            ui.waitFor("the invitation", () -> bobs.list().requests().size() == 1);
            RequestRow row = ui.get(() -> bobs.list().requests().get(0));
            assertEquals("ada invited you to “Climbing”", row.text());
            assertEquals("Accept", row.yesLabel());
            assertEquals("Decline", row.noLabel());

            ui.run(() -> bobs.list().answerYes(row));
            ui.waitFor("the group open", () -> group.equals(bobs.messages().conversationIdProperty().get())
                    && bobs.list().requests().isEmpty() && bobs.composer().enabledProperty().get());
            ui.waitFor("the group in the list", () -> bobs.list().rows().stream()
                    .anyMatch(r -> r.id().equals(group) && r.name().equals("Climbing")));
        } finally {
            ui.run(bobs::close);
        }
    }

    @Test
    void aJoinRequestIsApprovedByTheOwner() throws Exception {
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup("Climbing", List.of()))
                .sessionId();
        LoopbackChat.await(bob.messenger().conversations().join(group));

        ui.waitFor("the join request", () -> chats.list().requests().size() == 1);
        RequestRow row = ui.get(() -> chats.list().requests().get(0));
        assertEquals("bob asks to join “Climbing”", row.text());
        assertEquals("Approve", row.yesLabel());

        ui.run(() -> chats.list().answerYes(row));
        ui.waitFor("the request gone", () -> chats.list().requests().isEmpty());
        LoopbackChat.waitFor("bob a member", () -> bob.history().session(group)
                .map(s -> s.membership() == chat.mz.history.Membership.MEMBER).orElse(false));
    }

    @Test
    void anEncryptedGroupMarksSealedMessagesWithALockAndPlainOnesAsNotEncrypted() throws Exception {
        String group = encryptedGroupWithBob("Crag");
        LoopbackChat.await(bob.messenger().send(group, "sealed for the group"));
        LoopbackChat.await(bob.messenger().send(group, "said in the clear", false));
        LoopbackChat.waitFor("both on ada's device", () -> ada.history().latest(group, 20).stream()
                .filter(e -> e.kind() == Entry.Kind.TEXT).count() == 2);

        ui.waitFor("the group listed", () -> chats.list().rows().stream().anyMatch(r -> r.id().equals(group)));
        ui.run(() -> chats.open(group));
        ui.waitFor("both shown", () -> messages(chats).size() == 2);
        assertEquals(MessageRow.Mark.ENCRYPTED, ui.get(() -> markOf(chats, "sealed for the group")));
        assertEquals(MessageRow.Mark.NOT_ENCRYPTED, ui.get(() -> markOf(chats, "said in the clear")));
        assertTrue(ui.get(() -> chats.composer().encryptedConversationProperty().get()));
    }

    @Test
    void theComposersToggleSendsOneMessageInTheClearThenIsOnAgain() throws Exception {
        String group = encryptedGroupWithBob("Toggle");
        ui.waitFor("the group listed", () -> chats.list().rows().stream().anyMatch(r -> r.id().equals(group)));
        ui.run(() -> chats.open(group));
        ui.waitFor("the toggle shown", () -> chats.composer().encryptedConversationProperty().get());
        assertTrue(ui.get(() -> chats.composer().encryptProperty().get()), "encrypted unless switched off");

        ui.run(() -> {
            chats.composer().encryptProperty().set(false);
            chats.composer().textProperty().set("just this one in the clear");
            chats.composer().send();
        });
        LoopbackChat.waitFor("bob to have it", () -> bob.history().latest(group, 20).stream()
                .anyMatch(e -> e.text().equals("just this one in the clear")
                        && e.protection() == chat.mz.history.Protection.PLAIN));
        assertTrue(ui.get(() -> chats.composer().encryptProperty().get()), "back on after the send");

        ui.run(() -> {
            chats.composer().textProperty().set("and this one sealed");
            chats.composer().send();
        });
        LoopbackChat.waitFor("bob to have it sealed", () -> bob.history().latest(group, 20).stream()
                .anyMatch(e -> e.text().equals("and this one sealed")
                        && e.protection() == chat.mz.history.Protection.ENCRYPTED));
        ui.waitFor("the own marks", () -> markOf(chats, "and this one sealed") == MessageRow.Mark.ENCRYPTED
                && markOf(chats, "just this one in the clear") == MessageRow.Mark.NOT_ENCRYPTED);
    }

    @Test
    void aNewGroupChecksEveryMemberAndOpens() throws Exception {
        NewGroupViewModel dialog = ui.get(chats::newGroup);
        ui.run(() -> {
            dialog.create();
            assertEquals("Give the group a name.", dialog.errorProperty().get());
            dialog.nameProperty().set("Climbing");
            dialog.membersProperty().set("bob, nobody");
            dialog.create();
        });
        ui.waitFor("the unknown member refused", () -> !dialog.errorProperty().get().isEmpty());
        assertEquals("The group could not be created: There is nobody called “nobody” on this homeserver.",
                ui.get(() -> dialog.errorProperty().get()));

        ui.run(() -> {
            dialog.membersProperty().set("@bob");
            dialog.create();
        });
        ui.waitFor("the group open", () -> dialog.doneProperty().get()
                && "Climbing".equals(chats.titleProperty().get()));
        String group = ui.get(() -> chats.messages().conversationIdProperty().get());
        LoopbackChat.waitFor("bob in it", () -> bob.history().session(group).isPresent());
        ui.waitFor("the system line", () -> chats.messages().rows().stream()
                .anyMatch(r -> r.kind() == MessageRow.Kind.SYSTEM && r.text().contains("Climbing")));
    }

    @Test
    void anUnknownUsernameIsAPlainError() throws Exception {
        NewChatViewModel dialog = ui.get(chats::newChat);
        ui.run(() -> {
            dialog.usernameProperty().set("nobody");
            dialog.next();
        });
        ui.waitFor("the error", () -> !dialog.errorProperty().get().isEmpty());
        assertEquals("There is nobody called “nobody” on this homeserver.",
                ui.get(() -> dialog.errorProperty().get()));
        assertEquals(null, ui.get(() -> dialog.foundProperty().get()));
    }

    @Test
    void theComposerIgnoresEmptyTextAndSaysWhenTextIsTooLong() throws Exception {
        String sessionId = direct(ada, bob);
        ui.waitFor("the chat in the list", () -> !chats.list().rows().isEmpty());
        ui.run(() -> chats.open(sessionId));
        ui.waitFor("the composer ready", () -> chats.composer().enabledProperty().get());
        ui.run(() -> {
            chats.composer().textProperty().set("   ");
            chats.composer().send();
            assertEquals("", chats.composer().problemProperty().get());
            chats.composer().textProperty().set("x".repeat(17_000));
            assertEquals("The message is too long (at most 16 KiB of text).", chats.composer().problemProperty().get());
            chats.composer().send();
            assertEquals(17_000, chats.composer().textProperty().get().length(), "the text stays");
        });
        assertTrue(ada.history().outbox().isEmpty());
        Optional<Entry> anything = ada.history().latest(sessionId, 10).stream()
                .filter(e -> e.kind() == Entry.Kind.TEXT).findAny();
        assertTrue(anything.isEmpty(), "nothing was stored");
    }

    @Test
    void aMessageWrittenOfflineShowsAsSendingAtOnce() throws Exception {
        String sessionId = direct(ada, bob);
        ui.waitFor("the chat in the list", () -> !chats.list().rows().isEmpty());
        ui.run(() -> chats.open(sessionId));
        ui.waitFor("the composer ready", () -> chats.composer().enabledProperty().get());
        ada.connection().close();

        ui.run(() -> {
            chats.composer().textProperty().set("written on the train");
            chats.composer().send();
        });
        ui.waitFor("the message shown", () -> chats.messages().rows().stream()
                .anyMatch(r -> r.text().equals("written on the train") && r.status().equals("Sending…")));
        assertEquals(1, ada.history().outbox().size(), "kept to be sent later");
    }

    @Test
    void aMessageTheHomeserverRefusesShowsWhy() throws Exception {
        ui.run(() -> chats.open("no-such-conversation-1234"));
        ui.waitFor("the composer ready", () -> chats.composer().enabledProperty().get());
        ui.run(() -> {
            chats.composer().textProperty().set("hello?");
            chats.composer().send();
        });
        ui.waitFor("the refusal", () -> chats.messages().rows().stream().anyMatch(MessageRow::failed));
        MessageRow row = ui.get(() -> chats.messages().rows().stream().filter(MessageRow::failed).findFirst()
                .orElseThrow());
        assertEquals("Not sent: There is no such conversation.", row.status());
    }

    /** A 1:1 chat made by {@code from} with {@code to}, its id. */
    private static String direct(LoopbackChat.Person from, LoopbackChat.Person to) throws Exception {
        LoopbackChat.await(from.contacts().add(to.username()));
        return LoopbackChat.await(from.messenger().conversations().direct(to.userId())).sessionId();
    }

    /** An end-to-end encrypted group owned by ada with bob in it, both holding its first key. */
    private String encryptedGroupWithBob(String name) throws Exception {
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup(name, List.of(bob.userId()),
                true)).sessionId();
        for (LoopbackChat.Person person : List.of(ada, bob)) {
            LoopbackChat.waitFor(person.username() + " holds the first key", () -> person.history().roomKeys()
                    .get(group, 1).map(k -> k.confirmed()).orElse(false));
        }
        return group;
    }

    private static MessageRow.Mark markOf(ChatsViewModel model, String text) {
        return model.messages().rows().stream().filter(r -> r.text().equals(text)).map(MessageRow::mark)
                .findFirst().orElse(null);
    }

    private static List<String> messages(ChatsViewModel model) {
        return model.messages().rows().stream().filter(r -> r.kind() == MessageRow.Kind.MESSAGE)
                .map(MessageRow::text).toList();
    }

    private static String textOf(ChatsViewModel model, String key) {
        return model.messages().rows().stream().filter(r -> r.key().equals(key)).map(MessageRow::text).findFirst()
                .orElse(null);
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }
}
