package chat.mz.app.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a new message raises a notification, and what it says. */
class NotificationPolicyTest {
    private final FakeClock clock = new FakeClock();
    private final NotificationPolicy policy = new NotificationPolicy(clock);

    @Test
    void aMessageFromSomeoneElseWhileTheWindowIsInTheBackgroundNamesTheSender() {
        assertEquals(Optional.of(new Notification("c1", "New message from Bob", "Are you in tonight?")),
                policy.decide(direct("c1", "Bob", "Are you in tonight?"), true, false));
    }

    @Test
    void aGroupMessageNamesTheGroupToo() {
        NotificationPolicy.Message message = new NotificationPolicy.Message("g1", "Climbing", false, "Bob",
                "Rope or no rope?", true, false, false);
        assertEquals("New message from Bob in Climbing", policy.decide(message, true, false).orElseThrow().title());
    }

    @Test
    void nothingWhileTheWindowHasTheFocusOrTheSettingIsOff() {
        assertEquals(Optional.empty(), policy.decide(direct("c1", "Bob", "hi"), true, true));
        assertEquals(Optional.empty(), policy.decide(direct("c1", "Bob", "hi"), false, false));
        // neither counted as shown: the next message in the background does raise one
        assertTrue(policy.decide(direct("c1", "Bob", "hi"), true, false).isPresent());
    }

    @Test
    void nothingForTheAccountsOwnMessagesOrForSystemLines() {
        NotificationPolicy.Message own = new NotificationPolicy.Message("c1", "Bob", true, "Ada", "sent from my phone",
                true, true, false);
        NotificationPolicy.Message joined = new NotificationPolicy.Message("g1", "Climbing", false, null, "Bob joined",
                true, false, true);
        assertEquals(Optional.empty(), policy.decide(own, true, false));
        assertEquals(Optional.empty(), policy.decide(joined, true, false));
    }

    @Test
    void aBurstInOneConversationRaisesOneNotification() {
        assertTrue(policy.decide(direct("c1", "Bob", "one"), true, false).isPresent());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), policy.decide(direct("c1", "Bob", "two"), true, false));
        // another conversation is not held back by it
        assertTrue(policy.decide(direct("c2", "Cleo", "hello"), true, false).isPresent());
        clock.advance(NotificationPolicy.QUIET);
        assertEquals("three", policy.decide(direct("c1", "Bob", "three"), true, false).orElseThrow().body());
    }

    @Test
    void theTextIsShownOnOneLineAndCutShort() {
        String longText = "word ".repeat(60);
        String body = policy.decide(direct("c1", "Bob", longText), true, false).orElseThrow().body();
        assertTrue(body.endsWith("…"), body);
        assertTrue(body.length() <= NotificationPolicy.PREVIEW_LENGTH + 1, body);
        assertEquals("first line second line", NotificationPolicy.preview("  first line\n\n second\tline "));
        // an emoji is not cut in half
        String emoji = "a".repeat(NotificationPolicy.PREVIEW_LENGTH - 1) + "\uD83D\uDE00 and more";
        String cut = NotificationPolicy.preview(emoji);
        assertEquals("a".repeat(NotificationPolicy.PREVIEW_LENGTH - 1) + "…", cut);
    }

    @Test
    void aMessageThisDeviceCannotReadSaysSoInsteadOfItsExplanation() {
        NotificationPolicy.Message unreadable = new NotificationPolicy.Message("c1", "Bob", true, "Bob",
                "This message could not be decrypted on this device.", false, false, false);
        assertEquals(NotificationPolicy.UNREADABLE_BODY, policy.decide(unreadable, true, false).orElseThrow().body());
    }

    @Test
    void aSenderWithoutANameIsSomeone() {
        assertEquals("New message from someone", policy.decide(direct("c1", null, "hi"), true, false)
                .orElseThrow().title());
    }

    private static NotificationPolicy.Message direct(String conversation, String sender, String text) {
        return new NotificationPolicy.Message(conversation, sender, true, sender, text, true, false, false);
    }
}
