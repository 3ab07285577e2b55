package chat.mz.ui.chats;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How times read in the Chats section, in the clock's zone: "14:05" today, "Mon" within the week,
 * "3 Nov" this year, "3 Nov 2025" before; and the day separators "Today", "Yesterday", "Monday 3 November".
 */
final class ChatTimes {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter FULL_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG_DAY_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy",
            Locale.ENGLISH);

    private final Clock clock;

    ChatTimes(Clock clock) {
        this.clock = clock;
    }

    /** For the conversation list and search results. */
    String shortTime(Instant time) {
        ZonedDateTime at = time.atZone(clock.getZone());
        LocalDate today = LocalDate.now(clock);
        LocalDate day = at.toLocalDate();
        if (day.equals(today)) {
            return CLOCK.format(at);
        }
        long daysAgo = ChronoUnit.DAYS.between(day, today);
        if (daysAgo > 0 && daysAgo < 7) {
            return WEEKDAY.format(at);
        }
        return day.getYear() == today.getYear() ? DAY_MONTH.format(at) : FULL_DATE.format(at);
    }

    /** The time under a message. */
    String clockTime(Instant time) {
        return CLOCK.format(time.atZone(clock.getZone()));
    }

    /** The day a message was written, in the clock's zone. */
    LocalDate day(Instant time) {
        return time.atZone(clock.getZone()).toLocalDate();
    }

    /** The separator above a day's first message. */
    String dayLabel(LocalDate day) {
        LocalDate today = LocalDate.now(clock);
        if (day.equals(today)) {
            return "Today";
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return day.getYear() == today.getYear() ? LONG_DAY.format(day) : LONG_DAY_YEAR.format(day);
    }
}
