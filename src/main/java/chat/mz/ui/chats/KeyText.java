package chat.mz.ui.chats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/** How the group settings say a room key's number, age and next replacement, in the clock's zone. */
final class KeyText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM 'at' HH:mm", Locale.ENGLISH);

    private final Clock clock;

    KeyText(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** "Key 3". */
    String number(GroupSettings settings) {
        return settings.keyNumber() == 0 ? "No key yet" : "Key " + settings.keyNumber();
    }

    /** "Made 5 minutes ago". */
    String age(GroupSettings settings) {
        return settings.keyCreatedAt() == null ? "This device has no copy of the current key yet."
                : "Made " + ago(settings.keyCreatedAt());
    }

    /** When the key is next replaced, on schedule or otherwise. */
    String nextRotation(GroupSettings settings) {
        if (settings.rotation().isZero() || settings.nextRotationDue() == null) {
            return "No scheduled replacement: a new key is made when someone leaves or is removed.";
        }
        if (!settings.nextRotationDue().isAfter(clock.instant())) {
            return "A new key will be made with the next message.";
        }
        return "Next replacement due " + WHEN.format(settings.nextRotationDue().atZone(clock.getZone()));
    }

    /** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
    String ago(Instant then) {
        Duration age = Duration.between(then, clock.instant());
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return plural(age.toMinutes(), "minute") + " ago";
        }
        if (age.toDays() < 1) {
            return plural(age.toHours(), "hour") + " ago";
        }
        return plural(age.toDays(), "day") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
