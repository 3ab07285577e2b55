package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room key's number, age and next replacement read as the settings show them. */
class KeyTextTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final KeyText text = new KeyText(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aKeyOnAScheduleSaysItsNumberAgeAndWhenItIsReplaced() {
        GroupSettings daily = settings(3, NOW.minus(Duration.ofHours(5)), Duration.ofDays(1),
                NOW.plus(Duration.ofHours(19)));
        assertEquals("Key 3", text.number(daily));
        assertEquals("Made 5 hours ago", text.age(daily));
        assertEquals("Next replacement due 23 Nov at 07:00", text.nextRotation(daily));

        GroupSettings overdue = settings(3, NOW.minus(Duration.ofDays(2)), Duration.ofDays(1),
                NOW.minus(Duration.ofDays(1)));
        assertEquals("Made 2 days ago", text.age(overdue));
        assertEquals("A new key will be made with the next message.", text.nextRotation(overdue));
    }

    @Test
    void aKeyWithoutScheduleOrCopySaysSo() {
        GroupSettings none = settings(0, null, Duration.ZERO, null);
        assertEquals("No key yet", text.number(none));
        assertEquals("This device has no copy of the current key yet.", text.age(none));
        assertEquals("No scheduled replacement: a new key is made when someone leaves or is removed.",
                text.nextRotation(none));
        assertEquals("just now", text.ago(NOW.minusSeconds(20)));
        assertEquals("1 minute ago", text.ago(NOW.minusSeconds(61)));
    }

    private static GroupSettings settings(long key, Instant made, Duration rotation, Instant due) {
        return new GroupSettings("g", "Crag", true, true, true, key, made, rotation, due, false, List.of(), "");
    }
}
