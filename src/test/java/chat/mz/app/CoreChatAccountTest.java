package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.ui.chats.ChatAccountException;
import chat.mz.ui.chats.ChatChange;
import chat.mz.ui.chats.ChatRequest;
import chat.mz.ui.chats.ConversationItem;
import chat.mz.ui.chats.LoopbackChat;
import chat.mz.ui.chats.MessageItem;
import chat.mz.ui.chats.SearchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chats section's port on the real client core: two accounts on a homeserver on loopback, each
 * with its encrypted history file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoreChatAccountTest {
    @TempDir
    Path folder;

    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;

    @BeforeEach
    void twoAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void pagesGoBothWaysFromAnyMessage() throws Exception {
        String chat = get(ada.account().openDirect(get(ada.account().lookUp("bob")).userId()));
        for (int i = 1; i <= 30; i++) {
            LoopbackChat.await(ada.messenger().send(chat, "line " + i));
        }
        LoopbackChat.await(ada.messenger().sendOutboxNow());

        List<MessageItem> latest = get(ada.account().latest(chat, 10));
        assertEquals("line 30", latest.get(latest.size() - 1).text());
        long seqOfLine10 = get(ada.account().before(chat, latest.get(0).seq(), 100)).stream()
                .filter(m -> m.text().equals("line 10")).findFirst().orElseThrow().seq();

        List<MessageItem> after = get(ada.account().after(chat, seqOfLine10, 5));
        assertEquals(List.of("line 11", "line 12", "line 13", "line 14", "line 15"),
                after.stream().map(MessageItem::text).toList());
        List<MessageItem> end = get(ada.account().after(chat, latest.get(latest.size() - 2).seq(), 5));
        assertEquals(List.of("line 30"), end.stream().map(MessageItem::text).toList());
        assertTrue(latest.stream().allMatch(m -> m.outgoing() && m.seq() != null));
    }

    @Test
    void changesArriveAsTheyAreStored() throws Exception {
        List<ChatChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = ada.account().listen(changes::add)) {
            String chat = get(bob.account().openDirect(get(bob.account().lookUp("ada")).userId()));
            MessageItem pending = get(bob.account().send(chat, "ping"));
            assertEquals(MessageItem.Delivery.PENDING, pending.delivery());
            assertNull(pending.seq());

            LoopbackChat.waitFor("the message at ada's", () -> changes.stream()
                    .anyMatch(c -> c instanceof ChatChange.Messages m && m.items().stream()
                            .anyMatch(i -> i.text().equals("ping") && !i.outgoing() && i.senderName().equals("bob"))));
            List<ConversationItem> list = get(ada.account().conversations());
            assertEquals(1, list.size());
            assertEquals("bob", list.get(0).name());
            assertEquals(1, list.get(0).unread());
            assertTrue(list.get(0).direct() && list.get(0).active());

            get(ada.account().markRead(chat, get(ada.account().latest(chat, 1)).get(0).seq()));
            assertEquals(0, get(ada.account().conversations()).get(0).unread());
        }
    }

    @Test
    void invitationsNameWhoInvitedAndGoAwayWhenDeclined() throws Exception {
        String group = get(ada.account().createGroup("Climbing", List.of(), false));
        get(ada.account().lookUp("bob"));
        LoopbackChat.await(ada.messenger().conversations().invite(group, bob.userId()));

        LoopbackChat.waitFor("the invitation", () -> !get(bob.account().requests()).isEmpty());
        ChatRequest invitation = get(bob.account().requests()).get(0);
        assertEquals(new ChatRequest(ChatRequest.Kind.INVITATION, group, "Climbing", ada.userId(), "ada"), invitation);
        assertTrue(get(bob.account().conversations()).isEmpty(), "not listed as a conversation before accepting");

        get(bob.account().refuse(invitation));
        assertTrue(get(bob.account().requests()).isEmpty());
        assertTrue(get(bob.account().conversations()).isEmpty(), "a declined invitation leaves nothing behind");
    }

    @Test
    void searchNamesTheConversationAndFindsEncryptedMessages() throws Exception {
        String group = get(ada.account().createGroup("Climbing", List.of("bob"), true));
        LoopbackChat.await(ada.messenger().send(group, "Who has the quickdraws?"));
        List<SearchResult> found = get(ada.account().search("quickdraw", 10));
        assertEquals(1, found.size());
        assertEquals("Climbing", found.get(0).conversationName());
        assertEquals("ada", found.get(0).senderName());
    }

    @Test
    void ownMessagesFromAnotherDeviceNameItFromTheSignedDeviceList() throws Exception {
        LoopbackChat.Person phone = world.linkDevice(ada, "Ada's phone");
        String group = get(ada.account().createGroup("Crag", List.of(), false));
        LoopbackChat.waitFor("the group on the phone", () -> phone.history().session(group).isPresent());
        String fromDesk = LoopbackChat.await(ada.messenger().send(group, "from the desk")).messageId();
        String fromPhone = LoopbackChat.await(phone.messenger().send(group, "from the phone")).messageId();
        LoopbackChat.waitFor("each message on the other device", () -> has(ada, group, fromPhone)
                && has(phone, group, fromDesk));

        Map<String, MessageItem> onDesk = texts(get(ada.account().latest(group, 20)));
        assertEquals(phone.user().identity().deviceId(), onDesk.get("from the phone").otherDevice());
        assertTrue(onDesk.get("from the phone").outgoing());
        assertEquals("", onDesk.get("from the desk").otherDevice(), "sent here: nothing to say");
        Map<String, MessageItem> onPhone = texts(get(phone.account().latest(group, 20)));
        assertEquals(ada.user().identity().deviceId(), onPhone.get("from the desk").otherDevice());

        Map<String, String> names = get(ada.account().deviceNames());
        assertEquals(Map.of(ada.user().identity().deviceId(), "ada's desktop",
                phone.user().identity().deviceId(), "Ada's phone"), names);
    }

    private static boolean has(LoopbackChat.Person device, String conversation, String messageId) {
        return device.history().latest(conversation, 20).stream().anyMatch(e -> e.messageId().equals(messageId));
    }

    private static Map<String, MessageItem> texts(List<MessageItem> items) {
        return items.stream().filter(m -> !m.system()).collect(Collectors.toMap(MessageItem::text, m -> m));
    }

    @Test
    void refusalsAreSentences() throws Exception {
        Throwable failure = failure(ada.account().lookUp("nobody"));
        assertInstanceOf(ChatAccountException.class, failure);
        assertEquals("There is nobody called “nobody” on this homeserver.", failure.getMessage());

        Throwable tooLong = failure(ada.account().send("no-such-conversation", "x".repeat(20_000)));
        assertEquals("The message is too long (at most 16 KiB of text).", tooLong.getMessage());
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(LoopbackChat.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the call failed", e);
        }
    }

    private static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(LoopbackChat.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }
    }
}
