package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The names of the account's devices are asked for once, off the UI thread, when a message names a
 * device not known yet; the timeline is drawn again only when new names came.
 */
class DeviceNamesTest {
    private final List<Runnable> background = new ArrayList<>();
    private final List<CompletableFuture<Map<String, String>>> asked = new ArrayList<>();
    private int changes;
    private final DeviceNames names = new DeviceNames(this::lookUp, new Calls(Runnable::run, queue()),
            () -> changes++);

    @Test
    void asksOnceForADeviceNotKnownAndKeepsTheAnswer() {
        assertEquals(Map.of(), names.of(List.of(mine("1", ""), mine("2", "phone-1"))));
        assertEquals(0, asked.size(), "not on the UI thread");
        runBackground();
        assertEquals(1, asked.size());

        names.of(List.of(mine("2", "phone-1"), mine("3", "phone-1")));
        runBackground();
        assertEquals(1, asked.size(), "not again while the first question is under way");

        asked.get(0).complete(Map.of("desk-0", "Ada's desktop", "phone-1", "Ada's phone"));
        assertEquals(1, changes, "drawn again with the names");
        assertEquals("Ada's phone", names.of(List.of(mine("2", "phone-1"))).get("phone-1"));
        runBackground();
        assertEquals(1, asked.size(), "a known name is not asked for again");
    }

    @Test
    void aDeviceTheListDoesNotNameIsNotAskedForAgain() {
        names.of(List.of(mine("1", "revoked-9")));
        runBackground();
        asked.get(0).complete(Map.of("desk-0", "Ada's desktop"));
        assertEquals(1, changes);

        assertTrue(names.of(List.of(mine("1", "revoked-9"), mine("2", "revoked-9"))).get("revoked-9") == null);
        runBackground();
        assertEquals(1, asked.size(), "a revoked device stays “another of your devices” without asking each time");
    }

    @Test
    void aFailedQuestionIsAskedAgainWithTheNextMessageShown() {
        names.of(List.of(mine("1", "phone-1")));
        runBackground();
        asked.get(0).completeExceptionally(new IllegalStateException("You are offline."));
        assertEquals(0, changes);

        names.of(List.of(mine("1", "phone-1")));
        runBackground();
        assertEquals(2, asked.size());
        asked.get(1).complete(Map.of("phone-1", "Ada's phone"));
        assertEquals(1, changes);
        assertEquals("Ada's phone", names.of(List.of()).get("phone-1"));
    }

    @Test
    void aDeviceMetWhileAskingIsAskedForNext() {
        names.of(List.of(mine("1", "phone-1")));
        runBackground();
        names.of(List.of(mine("2", "laptop-2")));
        asked.get(0).complete(Map.of("phone-1", "Ada's phone"));
        runBackground();

        assertEquals(2, asked.size(), "the laptop was not in the first answer");
        asked.get(1).complete(Map.of("phone-1", "Ada's phone", "laptop-2", "Ada's laptop"));
        assertEquals(Map.of("phone-1", "Ada's phone", "laptop-2", "Ada's laptop"), names.of(List.of()));
        assertEquals(2, changes);
    }

    private CompletionStage<Map<String, String>> lookUp() {
        CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        asked.add(answer);
        return answer;
    }

    /** The background executor: runs only when the test says so. */
    private Executor queue() {
        return background::add;
    }

    private void runBackground() {
        List<Runnable> now = List.copyOf(background);
        background.clear();
        now.forEach(Runnable::run);
    }

    private static MessageItem mine(String id, String device) {
        return new MessageItem("s", id, Long.parseLong(id), "ada", "text", Instant.parse("2026-11-22T10:00:00Z"),
                true, false, MessageItem.Delivery.DELIVERED, "", MessageItem.Protection.PLAIN, device);
    }
}
