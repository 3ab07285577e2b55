package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Times in the list read the way people say them, in the user's zone. */
class ChatTimesTest {
    // Sunday 22 November 2026, 15:00 in Berlin
    private final ChatTimes times = new ChatTimes(Clock.fixed(Instant.parse("2026-11-22T14:00:00Z"),
            ZoneId.of("Europe/Berlin")));

    @Test
    void todayIsAClockTimeThisWeekAWeekdayEarlierADate() {
        assertEquals("14:05", times.shortTime(Instant.parse("2026-11-22T13:05:00Z")));
        assertEquals("Mon", times.shortTime(Instant.parse("2026-11-16T10:00:00Z")));
        assertEquals("Sat", times.shortTime(Instant.parse("2026-11-21T22:30:00Z")));
        assertEquals("3 Nov", times.shortTime(Instant.parse("2026-11-03T10:00:00Z")));
        assertEquals("30 Dec 2025", times.shortTime(Instant.parse("2025-12-30T10:00:00Z")));
    }

    @Test
    void justAfterMidnightLocallyIsToday() {
        // 23:30 UTC on the 21st is 00:30 on the 22nd in Berlin
        assertEquals("00:30", times.shortTime(Instant.parse("2026-11-21T23:30:00Z")));
    }

    @Test
    void daySeparatorsSayTodayYesterdayOrTheDate() {
        assertEquals("Today", times.dayLabel(LocalDate.of(2026, 11, 22)));
        assertEquals("Yesterday", times.dayLabel(LocalDate.of(2026, 11, 21)));
        assertEquals("Tuesday 3 November", times.dayLabel(LocalDate.of(2026, 11, 3)));
        assertEquals("Tuesday 30 December 2025", times.dayLabel(LocalDate.of(2025, 12, 30)));
    }
}
